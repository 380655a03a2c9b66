using DotGym.Spaces;
using DotGym.Vector;

namespace DotGym.Tests.Vector;

/// <summary>
/// Steps a vector env and N single envs by hand with Gymnasium 1.x's autoreset rules, and asserts they agree on
/// every observation (bit patterns), reward, flag, info and final observation.
/// </summary>
internal static class VectorHarness
{
    public static VectorEnv<TObs, int> Build<TObs>(Func<int, Env<TObs, int>> make, int numEnvs, AutoresetMode mode, bool threaded) =>
        threaded
            ? new ThreadedVectorEnv<TObs, int>(numEnvs, make, mode, workerCount: Math.Min(3, numEnvs))
            : new SyncVectorEnv<TObs, int>(numEnvs, make, mode);

    public static void AssertMatchesHandStepped<TObs>(Func<int, Env<TObs, int>> make, int numEnvs, int seed, AutoresetMode mode,
        bool threaded, int steps, Func<TObs, TObs, bool> sameObservation)
    {
        using var vec = Build(make, numEnvs, mode, threaded);
        var singles = Enumerable.Range(0, numEnvs).Select(make).ToArray();
        var random = new System.Random(seed);
        int actionCount = ((Discrete)singles[0].ActionSpace).N;
        var actions = new int[numEnvs];
        var needsReset = new bool[numEnvs];

        var reset = vec.Reset(seed);
        for (int i = 0; i < numEnvs; i++)
        {
            var (observation, info) = singles[i].Reset(seed + i);
            AssertObservation(sameObservation, observation, reset.Observations.Get(i), i, "reset");
            AssertInfo(info, reset.Infos[i], i, "reset");
        }

        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < numEnvs; i++) actions[i] = random.Next(actionCount);
            var result = vec.Step(actions);
            for (int i = 0; i < numEnvs; i++)
            {
                TObs observation;
                double reward;
                bool terminated, truncated;
                IReadOnlyDictionary<string, object> info;
                if (mode == AutoresetMode.NextStep && needsReset[i])
                {
                    (observation, info) = singles[i].Reset();
                    (reward, terminated, truncated) = (0, false, false);
                }
                else
                {
                    var step = singles[i].Step(actions[i]);
                    (observation, reward, terminated, truncated) = step;
                    info = step.Info;
                }
                string where = $"step {t}";
                if (mode == AutoresetMode.SameStep)
                {
                    bool ended = terminated || truncated;
                    Assert.True(result.HasFinal![i] == ended, $"HasFinal[{i}] at {where}");
                    if (ended)
                    {
                        AssertObservation(sameObservation, observation, result.FinalObservations!.Get(i), i, where + " final");
                        AssertInfo(info, result.FinalInfos![i], i, where + " final");
                        (observation, info) = singles[i].Reset();
                    }
                    else
                    {
                        Assert.Empty(result.FinalInfos![i]);
                    }
                }
                else
                {
                    Assert.Null(result.HasFinal);
                    Assert.Null(result.FinalObservations);
                }
                AssertObservation(sameObservation, observation, result.Observations.Get(i), i, where);
                Assert.True(BitConverter.DoubleToInt64Bits(reward) == BitConverter.DoubleToInt64Bits(result.Rewards[i]), $"reward {i} at {where}: {reward} vs {result.Rewards[i]}");
                Assert.True(terminated == result.Terminated[i], $"terminated {i} at {where}");
                Assert.True(truncated == result.Truncated[i], $"truncated {i} at {where}");
                AssertInfo(info, result.Infos[i], i, where);
                needsReset[i] = terminated || truncated;
            }

            if (mode == AutoresetMode.Disabled && needsReset.Contains(true))
                ResetFinished(vec, singles, needsReset, t % 2 == 0 ? seed * 31L + t : null, sameObservation);
        }

        foreach (var single in singles) single.Dispose();
    }

    private static void ResetFinished<TObs>(VectorEnv<TObs, int> vec, Env<TObs, int>[] singles, bool[] needsReset, long? seed,
        Func<TObs, TObs, bool> sameObservation)
    {
        var before = Enumerable.Range(0, vec.NumEnvs).Select(vec.Observations.Get).ToArray();
        var reset = vec.ResetWhere(needsReset, seed);
        for (int i = 0; i < vec.NumEnvs; i++)
        {
            if (needsReset[i])
            {
                var (observation, info) = singles[i].Reset(seed + i);
                AssertObservation(sameObservation, observation, reset.Observations.Get(i), i, "masked reset");
                AssertInfo(info, reset.Infos[i], i, "masked reset");
                Assert.False(vec.Terminated[i] || vec.Truncated[i]);
                needsReset[i] = false;
            }
            else
            {
                AssertObservation(sameObservation, before[i], reset.Observations.Get(i), i, "masked reset (kept)");
                Assert.Empty(reset.Infos[i]);
            }
        }
    }

    private static void AssertObservation<TObs>(Func<TObs, TObs, bool> same, TObs expected, TObs actual, int env, string where) =>
        Assert.True(same(expected, actual), $"observation of sub-env {env} at {where} differs");

    private static void AssertInfo(IReadOnlyDictionary<string, object> expected, IReadOnlyDictionary<string, object> actual, int env, string where)
    {
        Assert.True(expected.Count == actual.Count, $"info of sub-env {env} at {where}: {expected.Count} keys vs {actual.Count}");
        foreach (var (key, value) in expected)
            Assert.True(actual.TryGetValue(key, out var got) && Equals(value, got), $"info['{key}'] of sub-env {env} at {where}");
    }

    public static bool SameBits(float[] a, float[] b) =>
        a.Length == b.Length && a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits));
}
