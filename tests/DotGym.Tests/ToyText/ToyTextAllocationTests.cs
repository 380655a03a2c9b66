using DotGym.Envs.GridWorlds;
using DotGym.Envs.ToyText;

namespace DotGym.Tests.ToyText;

/// <summary>Stepping the toy-text and grid envs allocates nothing (info dictionaries and buffers are reused).</summary>
public class ToyTextAllocationTests
{
    public static IEnumerable<object[]> Envs() =>
    [
        [new FrozenLakeEnv()], [new CliffWalkingEnv(isSlippery: true)], [new TaxiEnv()], [new BlackjackEnv()],
        [GridWorld.Channels(GridWorldOptions.FromText(GridWorldPresets.Maze) with { SlipProbability = 0.2 })],
    ];

    [Theory]
    [MemberData(nameof(Envs))]
    public void Steps_do_not_allocate(IEnv env) => env.Accept(new StepAllocations());

    private sealed class StepAllocations : IEnvVisitor<bool>
    {
        public bool Visit<TObs, TAct>(Env<TObs, TAct> env)
        {
            var actions = env.ActionSpace;
            actions.Seed(0);
            env.Reset(seed: 0);
            Run(env, actions, 200); // warm up (JIT, first-time lazies)
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(env, actions, 2000);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            return true;
        }

        private static void Run<TObs, TAct>(Env<TObs, TAct> env, DotGym.Spaces.Space<TAct> actions, int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                var step = env.Step(actions.Sample());
                if (step.Terminated || step.Truncated) env.Reset();
            }
        }
    }
}
