using DotGym.Agents.Presets;
using DotGym.Checking;
using DotGym.Registration;
using DotGym.Spaces;

namespace DotGym.Agents.Tests;

/// <summary>The README's quick start, as written: a user's own env is registered, checked, and learned by PPO.</summary>
public class ReadmeQuickStartTests
{
    /// <summary>Walk right along a corridor to the exit; each step costs 0.01 (the README's example env).</summary>
    private sealed class Corridor(int length = 8) : Env<int, int>
    {
        private int _position;
        public override Space<int> ObservationSpace { get; } = new Discrete(length);
        public override Space<int> ActionSpace { get; } = new Discrete(2);

        public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
        {
            SeedRandom(seed);
            _position = (int)NpRandom.Integers(length / 2);
            return new(_position, Infos.Empty);
        }

        public override StepResult<int> Step(int action)
        {
            ActionSpace.EnsureContains(action);
            _position = Math.Clamp(_position + (action == 1 ? 1 : -1), 0, length - 1);
            bool atExit = _position == length - 1;
            return new(_position, atExit ? 1.0 : -0.01, Terminated: atExit, Truncated: false, Infos.Empty);
        }
    }

    [Fact]
    public void PpoLearnsTheCustomCorridorEnv()
    {
        Gym.Register("ReadmeCorridor-v0", kwargs => new Corridor(new Kwargs(kwargs, "ReadmeCorridor-v0").Get("length", 8)), maxEpisodeSteps: 50);
        using var env = Gym.Make<int, int>("ReadmeCorridor-v0");
        EnvChecker.Check(env);
        var (obs, _) = env.Reset(seed: 42);

        using var agent = Agent.Create(AgentPresets.Get("ppo", null) with { Seed = 1 }, () => Gym.Make("ReadmeCorridor-v0"));
        agent.Learn(20_000);
        Assert.Equal(1, agent.Predict<int, int>(obs)); // walk right
        var result = agent.Evaluate(env, episodes: 20, seed: 7);
        // Optimal: at most 7 steps from the start, so the return is at least 1 - 6 * 0.01.
        Assert.True(result.MeanReturn >= 0.94, $"mean return {result.MeanReturn}");
    }
}
