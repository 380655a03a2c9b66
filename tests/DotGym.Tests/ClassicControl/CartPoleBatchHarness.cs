using DotGym.Envs.ClassicControl;
using DotGym.Vector;
using DotGym.Random;
using DotGym.Registration;

namespace DotGym.Tests.ClassicControl;

/// <summary>
/// Reference for <see cref="CartPoleBatch"/>: N <c>CartPole-v1</c> envs made by <c>Gym.Make</c> (TimeLimit and all),
/// reset with <c>seed + i</c> and autoreset by hand exactly as Gymnasium's vector envs do.
/// </summary>
internal sealed class ScalarCartPoles : IDisposable
{
    private readonly Env<float[], int>[] _envs;
    private readonly bool[] _needsReset;
    private readonly AutoresetMode _autoreset;

    public ScalarCartPoles(int numEnvs, int maxEpisodeSteps, AutoresetMode autoreset, bool suttonBartoReward)
    {
        var kwargs = new Dictionary<string, object> { ["sutton_barto_reward"] = suttonBartoReward };
        _envs = Enumerable.Range(0, numEnvs).Select(_ => Gym.Make<float[], int>("CartPole-v1", kwargs, maxEpisodeSteps: maxEpisodeSteps)).ToArray();
        _needsReset = new bool[numEnvs];
        _autoreset = autoreset;
        Observations = new float[numEnvs * 4];
        FinalObservations = new float[numEnvs * 4];
        Rewards = new double[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        HasFinal = new bool[numEnvs];
    }

    public float[] Observations { get; }
    public float[] FinalObservations { get; }
    public double[] Rewards { get; }
    public bool[] Terminated { get; }
    public bool[] Truncated { get; }
    public bool[] HasFinal { get; }

    public void Reset(long seed)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            _envs[i].Reset(seed + i).Observation.CopyTo(Observations, i * 4);
            _needsReset[i] = false;
        }
    }

    public void Step(ReadOnlySpan<int> actions)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            HasFinal[i] = false;
            if (_needsReset[i])
            {
                _envs[i].Reset().Observation.CopyTo(Observations, i * 4);
                (Rewards[i], Terminated[i], Truncated[i], _needsReset[i]) = (0, false, false, false);
                continue;
            }
            var step = _envs[i].Step(actions[i]);
            step.Observation.CopyTo(Observations, i * 4);
            (Rewards[i], Terminated[i], Truncated[i]) = (step.Reward, step.Terminated, step.Truncated);
            if (!step.Done) continue;
            if (_autoreset == AutoresetMode.NextStep) _needsReset[i] = true;
            else
            {
                HasFinal[i] = true;
                step.Observation.CopyTo(FinalObservations, i * 4);
                _envs[i].Reset().Observation.CopyTo(Observations, i * 4);
            }
        }
    }

    public CartPoleEnv Unwrapped(int i) => (CartPoleEnv)_envs[i].Unwrapped;

    public void Dispose()
    {
        foreach (var env in _envs) env.Dispose();
    }
}

/// <summary>
/// Actions for rollouts: a balancing controller mixed with random actions. Env <c>i</c> acts randomly with probability
/// 1, 0.5 or 0.15 (by <c>i % 3</c>) unless <paramref name="randomFraction"/> is given, so a batch has short episodes
/// (terminations) and long ones (truncations).
/// </summary>
internal sealed class CartPolePolicy(long seed, double? randomFraction = null)
{
    private static readonly double[] RandomFractions = [1.0, 0.5, 0.15];

    private readonly NpGenerator _rng = Seeding.NpRandom(seed).Generator;

    public void Choose(ReadOnlySpan<float> observations, Span<int> actions)
    {
        for (int i = 0; i < actions.Length; i++)
        {
            float x = observations[i * 4], xDot = observations[i * 4 + 1], theta = observations[i * 4 + 2], thetaDot = observations[i * 4 + 3];
            int balance = theta + 0.3f * thetaDot + 0.01f * x + 0.02f * xDot > 0 ? 1 : 0;
            actions[i] = _rng.Random() < (randomFraction ?? RandomFractions[i % 3]) ? (int)_rng.Integers(2) : balance;
        }
    }
}
