using DotGym.Envs;
using DotGym.Registration;
using DotGym.Vector;

namespace DotGym.AotSmoke;

/// <summary>
/// Seeded rollouts of CartPole-v1, FrozenLake-v1 and a sync Gym.MakeVec of CartPole-v1, folded into one FNV-1a
/// checksum of every observation, reward and done flag. Deterministic, so the JIT and NativeAOT builds must agree.
/// </summary>
public static class SmokeChecksum
{
    public static ulong Compute()
    {
        BuiltinEnvs.Register();
        var hash = new Fnv();

        using (var cartPole = Gym.Make<float[], int>("CartPole-v1"))
        {
            cartPole.ActionSpace.Seed(1);
            hash.Add(cartPole.Reset(seed: 42).Observation);
            for (int t = 0; t < 600; t++)
            {
                var step = cartPole.Step(cartPole.ActionSpace.Sample());
                hash.Add(step.Observation).Add(step.Reward).Add(step.Terminated).Add(step.Truncated);
                if (step.Terminated || step.Truncated) hash.Add(cartPole.Reset().Observation);
            }
        }

        using (var lake = Gym.Make<int, int>("FrozenLake-v1"))
        {
            lake.ActionSpace.Seed(2);
            hash.Add(lake.Reset(seed: 7).Observation);
            for (int t = 0; t < 300; t++)
            {
                var step = lake.Step(lake.ActionSpace.Sample());
                hash.Add(step.Observation).Add(step.Reward).Add(step.Terminated).Add(step.Truncated);
                if (step.Terminated || step.Truncated) hash.Add(lake.Reset().Observation);
            }
        }

        using (var vec = Gym.MakeVec<float[], int>("CartPole-v1", 4, VectorizationMode.Sync))
        {
            var single = vec.SingleActionSpace;
            single.Seed(3);
            var actions = new int[4];
            hash.Add(vec.Reset(seed: 5).Observations.AsSpan<float>());
            for (int t = 0; t < 200; t++)
            {
                for (int i = 0; i < actions.Length; i++) actions[i] = single.Sample();
                var step = vec.Step(actions);
                hash.Add(step.Observations.AsSpan<float>());
                for (int i = 0; i < step.Rewards.Length; i++) hash.Add(step.Rewards[i]).Add(step.Terminated[i]).Add(step.Truncated[i]);
            }
        }
        return hash.Value;
    }

    private sealed class Fnv
    {
        public ulong Value { get; private set; } = 14695981039346656037UL;

        public Fnv Add(ulong bits)
        {
            for (int i = 0; i < 8; i++) Value = (Value ^ ((bits >> (8 * i)) & 0xFF)) * 1099511628211UL;
            return this;
        }

        public Fnv Add(double value) => Add((ulong)BitConverter.DoubleToInt64Bits(value));
        public Fnv Add(int value) => Add((ulong)(uint)value);
        public Fnv Add(bool value) => Add(value ? 1UL : 0UL);

        public Fnv Add(ReadOnlySpan<float> values)
        {
            foreach (var v in values) Add((ulong)BitConverter.SingleToUInt32Bits(v));
            return this;
        }

        public Fnv Add(float[] values) => Add((ReadOnlySpan<float>)values);
    }
}
