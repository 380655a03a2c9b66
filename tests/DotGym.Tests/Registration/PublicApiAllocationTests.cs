using DotGym.Envs;
using DotGym.Registration;
using DotGym.Spaces;
using DotGym.Tests.Vector;
using DotGym.Vector;

namespace DotGym.Tests.Registration;

/// <summary>
/// The README's "stepping allocates nothing", through the public API a user calls: <c>Gym.Make</c> (TimeLimit,
/// OrderEnforcing and the env checker included) and <c>Gym.MakeVec</c> of every built-in env, with episode ends and
/// resets inside the measured window. Actions are sampled before the window (sampling a Box returns a new array).
/// </summary>
[Collection(nameof(AllocationCollection))]
public class PublicApiAllocationTests
{
    private const int Steps = 3000;

    public static IEnumerable<object[]> BuiltinIds() => Gym.Registry
        .Where(spec => spec.Factory.Method.DeclaringType?.Assembly == typeof(BuiltinEnvs).Assembly)
        .Select(spec => new object[] { spec.Id });

    public static IEnumerable<object[]> BuiltinIdsAndModes() => BuiltinIds().SelectMany(id => new[]
    {
        new object[] { id[0], VectorizationMode.Sync, AutoresetMode.NextStep },
        new object[] { id[0], VectorizationMode.Sync, AutoresetMode.SameStep },
    }).Concat(Gym.Registry.Where(s => s.VectorEntryPoint is not null && BuiltinIds().Any(id => (string)id[0] == s.Id))
        .SelectMany(s => new[] { new object[] { s.Id, VectorizationMode.Native, AutoresetMode.NextStep }, [s.Id, VectorizationMode.Native, AutoresetMode.SameStep] }));

    [Fact]
    public void EveryBuiltinFamilyIsMeasured()
    {
        var ids = BuiltinIds().Select(row => (string)row[0]).ToList();
        Assert.Contains("CartPole-v1", ids);
        Assert.Contains("Pendulum-v1", ids);
        Assert.Contains("Blackjack-v1", ids);
        Assert.Contains("GridWorld-Maze-v0", ids);
        Assert.Contains(BuiltinIdsAndModes(), row => (VectorizationMode)row[1] == VectorizationMode.Native);
    }

    [Theory, MemberData(nameof(BuiltinIds))]
    public void GymMakeStepsWithoutAllocating(string id)
    {
        // Envs without a time limit (CliffWalking) get one, so that episodes end inside the window.
        using var env = Gym.Make(id, maxEpisodeSteps: Gym.Spec(id).MaxEpisodeSteps ?? 100);
        var (allocated, episodeEnds) = env.Accept(new SingleEnvSteps());
        Assert.True(episodeEnds > 0, $"{id}: no episode ended in {Steps} steps");
        Assert.True(allocated == 0, $"{id} through Gym.Make allocated {allocated} bytes in {Steps} steps ({episodeEnds} episode ends)");
    }

    [Theory, MemberData(nameof(BuiltinIdsAndModes))]
    public void GymMakeVecStepsWithoutAllocating(string id, VectorizationMode mode, AutoresetMode autoreset)
    {
        using var vec = Gym.MakeVec(id, 4, mode, autoreset, maxEpisodeSteps: Gym.Spec(id).MaxEpisodeSteps ?? 100);
        var (allocated, episodeEnds) = vec.Accept(new VectorSteps());
        Assert.True(episodeEnds > 0, $"{id}: no episode ended in {Steps} batched steps");
        Assert.True(allocated == 0, $"{id} through Gym.MakeVec({mode}, {autoreset}) allocated {allocated} bytes in {Steps} steps ({episodeEnds} episode ends)");
    }

    /// <summary>The fewest bytes over three windows: a per-step allocation shows in every window, a one-off JIT or runtime allocation not.</summary>
    private static long FewestBytes(Func<int> window, out int episodeEnds)
    {
        long fewest = long.MaxValue;
        episodeEnds = 0;
        for (int round = 0; round < 3 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            episodeEnds = window();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }

    private static T[] Pool<T>(Space<T> space)
    {
        space.Seed(0);
        return Enumerable.Range(0, 64).Select(_ => space.Sample()).ToArray();
    }

    private sealed class SingleEnvSteps : IEnvVisitor<(long Allocated, int EpisodeEnds)>
    {
        public (long, int) Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            var actions = Pool(env.ActionSpace);
            env.Reset(seed: 0);
            int Run(int steps)
            {
                int ends = 0;
                for (int t = 0; t < steps; t++)
                {
                    var step = env.Step(actions[t % actions.Length]);
                    if (!step.Terminated && !step.Truncated) continue;
                    ends++;
                    env.Reset();
                }
                return ends;
            }
            Run(500); // warm up: JIT tiers, first-time lazies
            return (FewestBytes(() => Run(Steps), out int episodeEnds), episodeEnds);
        }
    }

    private sealed class VectorSteps : IVectorEnvVisitor<(long Allocated, int EpisodeEnds)>
    {
        public (long, int) Visit<TObs, TAct>(IVectorEnv<TObs, TAct> vec)
        {
            var actions = Pool((Space<TAct[]>)vec.ActionSpace);
            vec.Reset(seed: 0);
            int Run(int steps)
            {
                int ends = 0;
                for (int t = 0; t < steps; t++)
                {
                    var step = vec.Step(actions[t % actions.Length]);
                    for (int i = 0; i < vec.NumEnvs; i++) ends += step.Terminated[i] || step.Truncated[i] ? 1 : 0;
                }
                return ends;
            }
            Run(500);
            return (FewestBytes(() => Run(Steps), out int episodeEnds), episodeEnds);
        }
    }
}
