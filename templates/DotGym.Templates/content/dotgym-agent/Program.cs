using DotGym.Agents;
using DotGym.Envs;
using DotGym.Registration;
using MyAgent;

// Usage: dotnet run -c Release [-- STEPS]   (default 50000 env steps)
long steps = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50_000;

BuiltinEnvs.Register();
using var agent = new Ppo(() => Gym.Make("CartPole-v1"), new PpoConfig { Seed = 1, Device = "cpu", NumEnvs = 4, NSteps = 128 },
    policyNetwork: context => new SharedTrunkPolicy(context));              // your network, PPO's everything else
agent.Learn(steps);

using var env = Gym.Make("CartPole-v1");
var result = agent.Evaluate(env, episodes: 10, seed: 1_000);
Console.WriteLine($"PPO with {nameof(SharedTrunkPolicy)} on CartPole-v1 after {steps} steps: mean return {result.MeanReturn:0.0} ± {result.StdReturn:0.0} (random actions: about 22)");
