using DotGym.Agents;
using DotGym.Agents.Presets;
using DotGym.Checking;
using DotGym.Registration;
using MyEnvs;

// Usage: dotnet run -c Release [-- STEPS]   (default 20000 env steps)
// The dotgym tool trains on the same env: dotnet build -c Release, then in this folder (dotgym.json lists the .dll)
//   dotgym train --env Reach1D-v0 --steps 20000      or from anywhere: --env-assembly path/to/bin/Release/net10.0/MyEnvs.dll
long steps = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;

new Registration().Register();
using var env = Gym.Make<float[], float[]>(Registration.Reach1DId);   // + TimeLimit, OrderEnforcing, PassiveEnvChecker
EnvChecker.Check(env);                                                 // throws with a list of what to fix, if anything
Console.WriteLine($"{Registration.Reach1DId}: the env checker found nothing to fix.");

var random = new RandomPolicyReturn(env).Mean(episodes: 20, seed: 1_000);
using var agent = Agent.Create(AgentPresets.Get("ppo", null) with { Seed = 1, Device = "cpu" }, () => Gym.Make(Registration.Reach1DId));
agent.Learn(steps);
var result = agent.Evaluate(env, episodes: 20, seed: 1_000);
Console.WriteLine($"PPO after {steps} steps: mean return {result.MeanReturn:0.00} ± {result.StdReturn:0.00} (random actions: {random:0.00}, threshold -3)");
return result.MeanReturn > random ? 0 : 1;                             // exit code 1: PPO did not beat random actions
