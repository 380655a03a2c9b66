using DotGym.Agents;
using DotGym.Agents.Presets;
using DotGym.Remote;
using DotGym.Remote.Client;

// The trainer side of the remote pair: trains PPO on the envs of one or several env servers, as if they were local.
//   dotnet run --project examples/RemoteEnv/Trainer -- 127.0.0.1:50057 [127.0.0.1:50058 ...]
string[] servers = args.Length > 0 ? args : ["127.0.0.1:50057"];
var options = new RemoteEnvOptions { Token = Environment.GetEnvironmentVariable("DOTGYM_TOKEN") };
try
{
    var envs = RemoteVectorEnv.Connect(servers, options);        // one vector env over every server's envs
    Console.WriteLine($"Training on {envs}");
    var config = AgentPresets.Get("ppo", envs.Spec?.Id) with { NumEnvs = envs.NumEnvs, Seed = 1 };
    using var agent = Agent.Create(config, envs);                  // the agent owns (and closes) the envs
    agent.Learn(30_000);
    using var eval = RemoteEnv.Connect(servers[0], options);       // a one-env session to evaluate on
    var result = agent.Evaluate(eval, episodes: 20, seed: 1000);
    Console.WriteLine($"Evaluation: {result.MeanReturn:0.00} ± {result.StdReturn:0.00} over 20 episodes");
    agent.Save("chase-ppo.ckpt");
    return 0;
}
catch (RemoteEnvException e)
{
    Console.Error.WriteLine(e.Message);                            // names the server and what to do
    return 2;
}
