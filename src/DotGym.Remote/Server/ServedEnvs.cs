using DotGym.Remote.Protocol;
using DotGym.Remote.Wire;
using DotGym.Vector;

namespace DotGym.Remote.Server;

/// <summary>One session's envs on the server: decodes requests, steps the vector env, encodes the replies.</summary>
internal abstract class ServedEnvs : IDisposable
{
    /// <summary>Serves <paramref name="envs"/> (owned: disposed with the session); fails clearly for spaces that cannot travel.</summary>
    public static ServedEnvs Create(IVectorEnv envs) => envs.Accept(new Builder());

    public abstract Welcome Welcome(string envId, int maxMessageBytes);

    /// <summary>Serves a Reset or Step request (throws on bad requests and env failures; the caller replies with an Error).</summary>
    public abstract EnvReply Handle(EnvRequest request);

    public abstract void Dispose();

    private sealed class Builder : IVectorEnvVisitor<ServedEnvs>
    {
        public ServedEnvs Visit<TObs, TAct>(IVectorEnv<TObs, TAct> env) => new Typed<TObs, TAct>(env);
    }

    private sealed class Typed<TObs, TAct> : ServedEnvs
    {
        private readonly IVectorEnv<TObs, TAct> _env;
        private readonly Batch<TAct> _actionBatch;
        private readonly TAct[] _actions;
        private readonly bool[] _mask;
        private readonly Protocol.Space _observationSpace, _actionSpace;

        public Typed(IVectorEnv<TObs, TAct> env)
        {
            _env = env;
            _observationSpace = SpaceCodec.ToProto(env.SingleObservationSpace);
            _actionSpace = SpaceCodec.ToProto(env.SingleActionSpace);
            _actionBatch = Batch<TAct>.Create(env.SingleActionSpace, env.NumEnvs);
            _actions = new TAct[env.NumEnvs];
            _mask = new bool[env.NumEnvs];
        }

        public override Welcome Welcome(string envId, int maxMessageBytes)
        {
            var welcome = new Welcome
            {
                ProtocolVersion = RemoteProtocol.Version,
                EnvId = envId,
                NumEnvs = _env.NumEnvs,
                ObservationSpace = _observationSpace,
                ActionSpace = _actionSpace,
                AutoresetMode = RemoteProtocol.ToProto(_env.AutoresetMode),
                Server = RemoteProtocol.ServerName,
                MaxMessageBytes = maxMessageBytes,
            };
            if (_env.Spec?.RewardThreshold is { } threshold) welcome.RewardThreshold = threshold;
            if (_env.Spec?.MaxEpisodeSteps is { } limit) welcome.MaxEpisodeSteps = limit;
            return welcome;
        }

        public override EnvReply Handle(EnvRequest request) => request.KindCase switch
        {
            EnvRequest.KindOneofCase.Reset => new EnvReply { Reset = Reset(request.Reset) },
            EnvRequest.KindOneofCase.Step => new EnvReply { Step = Step(request.Step) },
            EnvRequest.KindOneofCase.Hello => throw new InvalidDataException("The session already began; send Hello only once, as the first message."),
            _ => throw new InvalidDataException("The request is empty; send hello, reset, step or close."),
        };

        private ResetReply Reset(ResetRequest request)
        {
            long? seed = request.SeedingCase == ResetRequest.SeedingOneofCase.Seed ? request.Seed : null;
            VectorResetResult<TObs> result;
            if (request.Mask.Count == 0) result = _env.Reset(seed);
            else
            {
                if (request.Mask.Count != _env.NumEnvs)
                    throw new InvalidDataException($"The reset mask has {request.Mask.Count} entries for {_env.NumEnvs} envs; send one per env, or none to reset all.");
                request.Mask.CopyTo(_mask, 0);
                result = _env.ResetWhere(_mask, seed);
            }
            var reply = new ResetReply { Observations = TensorCodec.FromBatch(result.Observations) };
            InfoCodec.EncodeAll(result.Infos, 0, _env.NumEnvs, reply.Infos);
            return reply;
        }

        private StepReply Step(StepRequest request)
        {
            TensorCodec.CopyInto(request.Actions, _actionBatch, 0, _env.NumEnvs, "actions");
            for (int i = 0; i < _actions.Length; i++) _actions[i] = _actionBatch.View(i);
            var result = _env.Step(_actions);
            var reply = new StepReply { Observations = TensorCodec.FromBatch(result.Observations) };
            reply.Rewards.Add(result.Rewards);
            reply.Terminated.Add(result.Terminated);
            reply.Truncated.Add(result.Truncated);
            InfoCodec.EncodeAll(result.Infos, 0, _env.NumEnvs, reply.Infos);
            if (result.HasFinal is { } hasFinal && hasFinal.Contains(true))
            {
                reply.FinalObservations = TensorCodec.FromBatch(result.FinalObservations!);
                reply.HasFinal.Add(hasFinal);
                InfoCodec.EncodeAll(result.FinalInfos!, 0, _env.NumEnvs, reply.FinalInfos);
            }
            return reply;
        }

        public override void Dispose() => _env.Dispose();
    }
}
