using DotGym.Agents.Tensors;
using DotGym.Envs.ClassicControl;
using DotGym.Tests.Reference;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests.Tensors;

/// <summary>What stepping a tensor env beside its scalar env measured.</summary>
internal sealed record ParityResult(double MaxStateDifference, double MaxObservationDifference, int FlagMismatches, int RewardMismatches,
    int Terminations, int Truncations, int ComparedSteps)
{
    public override string ToString() =>
        $"max |state diff| {MaxStateDifference:G3}, max |obs diff| {MaxObservationDifference:G3}, flag mismatches {FlagMismatches}, reward mismatches {RewardMismatches}, " +
        $"{Terminations} terminations, {Truncations} truncations over {ComparedSteps} env-steps";
}

/// <summary>
/// Steps a classic-control tensor env and one scalar env per row with the same actions. The rows start from the scalar
/// envs' seeded reset states; where the tensor env resets a row (its own device draw), the scalar env is set to that
/// state, so the comparison runs on across episode ends in every autoreset mode.
/// </summary>
internal static class ClassicControlParity
{
    public static ParityResult Compare<TScalar>(string id, Func<TScalar> makeScalar, ScalarType stateType, AutoresetMode mode, int numEnvs, int steps,
        int? maxEpisodeSteps, Func<double[], System.Random, int> policy)
        where TScalar : Env<float[], int>, IPhysicalState
    {
        using var scope = NewDisposeScope();
        using var env = TensorEnvs.Make(id, numEnvs, stateType: stateType, autoreset: mode, maxEpisodeSteps: maxEpisodeSteps);
        var state = StateOf(env);
        int width = (int)state.shape[1], observationWidth = (int)env.Observations.shape[1];
        env.ResetTensors(seed: 0);
        var scalars = Enumerable.Range(0, numEnvs).Select(_ => makeScalar()).ToArray();
        for (int i = 0; i < numEnvs; i++) scalars[i].Reset(seed: i);
        state.copy_(tensor(scalars.SelectMany(s => s.GetState()).ToArray(), [numEnvs, width]));

        var random = new System.Random(11);
        var actions = new long[numEnvs];
        var elapsed = new int[numEnvs];
        var resetNext = new bool[numEnvs];
        double maxState = 0, maxObservation = 0;
        int flags = 0, rewardMismatches = 0, terminations = 0, truncations = 0, compared = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < numEnvs; i++) actions[i] = policy(scalars[i].GetState(), random);
            var step = env.StepTensors(tensor(actions));
            var stateNow = state.to(ScalarType.Float64).data<double>().ToArray();
            var observations = step.Observations.data<float>().ToArray();
            var terminated = step.Terminated.data<bool>().ToArray();
            var truncated = step.Truncated.data<bool>().ToArray();
            var rewards = step.Rewards.to(ScalarType.Float64).data<double>().ToArray();
            var hasFinal = step.HasFinal?.data<bool>().ToArray();
            var finalObservations = step.FinalObservations?.data<float>().ToArray();
            var autoresetStep = step.AutoresetStep?.data<bool>().ToArray();
            for (int i = 0; i < numEnvs; i++)
            {
                var row = stateNow.AsSpan(i * width, width);
                if (resetNext[i])
                {
                    // NextStep's reset step: action ignored, reward 0, both flags false.
                    if (!autoresetStep![i] || terminated[i] || truncated[i]) flags++;
                    if (rewards[i] != 0) rewardMismatches++;
                    scalars[i].SetState(row);
                    (elapsed[i], resetNext[i]) = (0, false);
                    continue;
                }
                if (autoresetStep is not null && autoresetStep[i]) flags++;
                var result = scalars[i].Step((int)actions[i]);
                compared++;
                bool expectTruncated = maxEpisodeSteps is { } limit && ++elapsed[i] >= limit;
                if (terminated[i] != result.Terminated || truncated[i] != expectTruncated) flags++;
                if (rewards[i] != result.Reward) rewardMismatches++;
                if (result.Terminated) terminations++;
                if (expectTruncated) truncations++;
                bool ended = result.Terminated || expectTruncated;
                if (hasFinal is not null && hasFinal[i] != ended) flags++;
                if (hasFinal is not null && ended)
                {
                    // SameStep: the row already holds its next episode; the episode's end is in the final observations.
                    maxObservation = Math.Max(maxObservation, MaxDifference(finalObservations!.AsSpan(i * observationWidth, observationWidth), result.Observation));
                    scalars[i].SetState(row);
                    elapsed[i] = 0;
                    continue;
                }
                maxObservation = Math.Max(maxObservation, MaxDifference(observations.AsSpan(i * observationWidth, observationWidth), result.Observation));
                var expected = scalars[i].GetState();
                for (int k = 0; k < width; k++) maxState = Math.Max(maxState, Math.Abs(row[k] - expected[k]));
                if (autoresetStep is not null && ended) resetNext[i] = true;
            }
        }
        foreach (var s in scalars) s.Dispose();
        return new ParityResult(maxState, maxObservation, flags, rewardMismatches, terminations, truncations, compared);
    }

    /// <summary>
    /// Gymnasium's recorded rollouts of <paramref name="id"/> (classic_control.json, one tensor row per seed) until each
    /// row's first episode end, in float64 with autoreset off: the largest |tensor state − recorded state| and the
    /// number of steps whose reward or flags differ.
    /// </summary>
    public static (double MaxStateDifference, int Mismatches, int Steps) CompareWithGymnasium(string id)
    {
        using var document = ReferenceData.Load("classic_control.json");
        var rollouts = document.RootElement.GetProperty("rollouts").EnumerateArray().Where(r => r.GetProperty("env").GetString() == id).ToList();
        int n = rollouts.Count;
        using var scope = NewDisposeScope();
        using var env = TensorEnvs.Make(id, n, stateType: ScalarType.Float64, autoreset: AutoresetMode.Disabled);
        var state = StateOf(env);
        int width = (int)state.shape[1];
        env.ResetTensors(seed: 0);
        state.copy_(tensor(rollouts.SelectMany(r => r.GetProperty("reset_state").EnumerateArray().Select(ReferenceData.AsDouble)).ToArray(), [n, width]));
        var records = rollouts.Select(r => r.GetProperty("steps").EnumerateArray().ToList()).ToList();
        var done = new bool[n];
        double maxDifference = 0;
        int mismatches = 0, compared = 0;
        for (int t = 0; t < records.Min(r => r.Count) && !done.All(d => d); t++)
        {
            var step = env.StepTensors(tensor(records.Select(r => r[t].GetProperty("action").GetInt64()).ToArray()));
            var stateNow = state.data<double>().ToArray();
            var terminated = step.Terminated.data<bool>().ToArray();
            var truncated = step.Truncated.data<bool>().ToArray();
            var rewards = step.Rewards.data<double>().ToArray();
            for (int i = 0; i < n; i++)
            {
                if (done[i]) continue;
                var record = records[i][t];
                var expected = record.GetProperty("state").EnumerateArray().Select(ReferenceData.AsDouble).ToArray();
                for (int k = 0; k < width; k++) maxDifference = Math.Max(maxDifference, Math.Abs(stateNow[i * width + k] - expected[k]));
                if (terminated[i] != record.GetProperty("terminated").GetBoolean() || truncated[i] != record.GetProperty("truncated").GetBoolean()
                    || rewards[i] != ReferenceData.AsDouble(record.GetProperty("reward")))
                    mismatches++;
                compared++;
                done[i] = terminated[i] || truncated[i];
            }
        }
        return (maxDifference, mismatches, compared);
    }

    private static Tensor StateOf(ITensorVectorEnv env) => env switch
    {
        TensorMountainCar car => car.State,
        TensorAcrobot acrobot => acrobot.State,
        TensorCartPole cartPole => cartPole.State,
        _ => throw new ArgumentException($"{env} has no physical state tensor to compare."),
    };

    private static double MaxDifference(ReadOnlySpan<float> actual, float[] expected)
    {
        double max = 0;
        for (int k = 0; k < expected.Length; k++) max = Math.Max(max, Math.Abs((double)actual[k] - expected[k]));
        return max;
    }
}
