using DotGym;
using DotGym.Checking;
using DotGym.Registration;

// Register once, then make it like any built-in env (TimeLimit and order checks included).
Gym.Register("Corridor-v0", kwargs => new Corridor(new Kwargs(kwargs, "Corridor-v0").Get("length", 8)), maxEpisodeSteps: 50, rewardThreshold: 0.9);
using var env = Gym.Make<int, int>("Corridor-v0");

EnvChecker.Check(env);                                       // throws with a list of what to fix, if anything
var (observation, _) = env.Reset(seed: 42);
double episodeReturn = 0;
while (true)
{
    var step = env.Step(1);                                  // always walk right
    episodeReturn += step.Reward;
    if (step.Terminated || step.Truncated) break;
}
Console.WriteLine($"Corridor: started at {observation}, return {episodeReturn:0.00}");
