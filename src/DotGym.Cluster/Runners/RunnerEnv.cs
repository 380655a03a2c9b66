using DotGym.Vector;

namespace DotGym.Cluster.Runners;

/// <summary>
/// A runner's vector env behind untyped buffers: actions arrive as the action batch's buffer and results leave as
/// fresh copies of the env's reused buffers (one copy per call, so the message can be passed on as immutable).
/// </summary>
internal abstract class RunnerEnv : IDisposable
{
    public abstract IVectorEnv Env { get; }

    /// <summary>About how many bytes one step reply takes (<see cref="BufferTransfer.StepReplyBytes"/>).</summary>
    public abstract long StepReplyBytes { get; }

    public abstract RunnerReset Reset(long? seed, bool[]? mask);

    public abstract RunnerStep Step(Array actions);

    public void Dispose() => Env.Dispose();

    public static RunnerEnv Create(IVectorEnv env) => env.Accept(new Builder());

    private sealed class Builder : IVectorEnvVisitor<RunnerEnv>
    {
        public RunnerEnv Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env) => new Typed<TObs, TAct>(env);
    }

    private sealed class Typed<TObs, TAct> : RunnerEnv
    {
        private readonly IVectorEnv<TObs, TAct> _env;
        private readonly Batch<TAct> _actions;
        private readonly TAct[] _items;

        public Typed(IVectorEnv<TObs, TAct> env)
        {
            _env = env;
            _actions = Batch<TAct>.Create(env.SingleActionSpace, env.NumEnvs);
            _items = new TAct[env.NumEnvs];
            BufferTransfer.EnsureCanTravel(Batch<TObs>.Create(env.SingleObservationSpace, 1).Buffer, $"{env}'s observations");
            BufferTransfer.EnsureCanTravel(_actions.Buffer, $"{env}'s actions");
        }

        public override IVectorEnv Env => _env;

        public override long StepReplyBytes => BufferTransfer.StepReplyBytes(
            Batch<TObs>.Create(_env.SingleObservationSpace, 1).Buffer, Batch<TObs>.Create(_env.SingleObservationSpace, 1).ItemSize,
            _env.NumEnvs, _env.AutoresetMode == AutoresetMode.SameStep);

        public override RunnerReset Reset(long? seed, bool[]? mask)
        {
            var (observations, infos) = mask is null ? _env.Reset(seed) : _env.ResetWhere(mask, seed);
            return new RunnerReset { Observations = BufferTransfer.Copy(observations.Buffer), Infos = InfoTransfer.Pack(infos) };
        }

        public override RunnerStep Step(Array actions)
        {
            BufferTransfer.CopyInto(actions, _actions.Buffer, "actions");
            for (int i = 0; i < _items.Length; i++) _items[i] = _actions.View(i);
            var result = _env.Step(_items);
            return new RunnerStep
            {
                Observations = BufferTransfer.Copy(result.Observations.Buffer),
                Rewards = (double[])result.Rewards.Clone(),
                Terminated = (bool[])result.Terminated.Clone(),
                Truncated = (bool[])result.Truncated.Clone(),
                Infos = InfoTransfer.Pack(result.Infos),
                FinalObservations = result.FinalObservations is { } final ? BufferTransfer.Copy(final.Buffer) : null,
                HasFinal = result.HasFinal is { } hasFinal ? (bool[])hasFinal.Clone() : null,
                FinalInfos = result.FinalInfos is { } finalInfos ? InfoTransfer.Pack(finalInfos) : null,
            };
        }
    }
}
