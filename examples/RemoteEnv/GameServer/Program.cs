using DotGym.GameLoop;
using DotGym.Remote.Server;
using DotGym.Vector;

// The env side of the remote pair. Two ways to run the same game code:
//   dotnet run --project examples/RemoteEnv/GameServer -- play          the game's own loop, heuristic control
//   dotnet run --project examples/RemoteEnv/GameServer -- serve 50057   serve it to trainers (Ctrl+C stops)

if (args is ["play", ..])
{
    // The program owns its loop: the agent acts (Tick), then the world updates. Policy = null: the heuristic plays.
    var world = new ChaseWorld();
    var agent = new ChaseAgent(world);
    for (int frame = 0; frame < 300; frame++)
    {
        if (agent.IsEpisodeOver && agent.StepCount > 0) Console.WriteLine($"episode {agent.CompletedEpisodes}: score {agent.CumulativeReward:0.00}");
        agent.Tick();
        world.Update(agent);
    }
    return 0;
}

int port = args is ["serve", var p, ..] ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 50057;
// Each trainer session gets its own copies of the game, one GameEnv per env: the frame function is the world's update.
using var server = EnvServer.Start(
    count => new SyncVectorEnv<float[], int>(count, _ =>
    {
        var world = new ChaseWorld();
        var agent = new ChaseAgent(world);
        return new GameEnv<float[], int>(agent, () => world.Update(agent));
    }),
    new EnvServerOptions { Port = port, NumEnvs = 8, EnvId = "Chase-v0", Log = Console.WriteLine });
Console.WriteLine($"Chase-v0 on {server.Address} (8 envs per session). Train with:");
Console.WriteLine($"  dotnet run --project examples/RemoteEnv/Trainer -- 127.0.0.1:{server.Port}");
Console.WriteLine($"  or: dotgym train --remote 127.0.0.1:{server.Port} --steps 30000");
await server.WaitForShutdownAsync();
return 0;
