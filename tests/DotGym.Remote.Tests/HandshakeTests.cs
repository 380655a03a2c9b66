using DotGym.Remote.Client;
using DotGym.Remote.Server;
using DotGym.Remote.Wire;
using DotGym.Spaces;
using DotGym.Vector;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DotGym.Remote.Tests;

/// <summary>Spaces travel in the handshake exactly: through the codec, and end to end through a server.</summary>
public class HandshakeTests
{
    public static TheoryData<Space> Spaces() => new()
    {
        new Box<float>(float.NegativeInfinity, float.PositiveInfinity, 4),
        new Box<float>([-1f, -2.5f, 0f, 1e-30f, -3.4e38f, 7f], [1f, 2.5f, float.PositiveInfinity, 1e-29f, 3.4e38f, 8f], [2, 3]),
        new Box<double>(-Math.PI, Math.E, 3),
        new Box<int>(-5, 5, 2, 2),
        new Box<byte>(0, 255, 84, 84, 3),
        new Discrete(6),
        new Discrete(3, start: -1),
        new MultiDiscrete([3, 4, 5]),
        new MultiDiscrete([2, 3, 4, 5], start: [0, -1, 2, 0], shape: [2, 2]),
        new MultiBinary(5),
        new MultiBinary([2, 3]),
    };

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Every_space_that_can_travel_round_trips_exactly(Space space)
    {
        var back = SpaceCodec.FromProto(SpaceCodec.ToProto(space), "observation space");
        Assert.Equal(space, back);
        Assert.Equal(space.ToString(), back.ToString());
    }

    [Property(MaxTest = 200)]
    public Property Float_boxes_round_trip_bit_for_bit() =>
        Prop.ForAll(Gen.ArrayOf(ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => (float)f.Get)).Where(a => a.Length > 0).ToArbitrary(), values =>
        {
            var low = values.Select(v => Math.Min(v, v * 0.5f)).ToArray();
            var high = values.Select(v => Math.Max(v, v * 0.5f)).ToArray();
            var box = new Box<float>(low, high);
            var back = (Box<float>)SpaceCodec.FromProto(SpaceCodec.ToProto(box), "observation space");
            return back.Low.Select(BitConverter.SingleToInt32Bits).SequenceEqual(low.Select(BitConverter.SingleToInt32Bits))
                && back.High.Select(BitConverter.SingleToInt32Bits).SequenceEqual(high.Select(BitConverter.SingleToInt32Bits));
        });

    [Fact]
    public void A_client_sees_the_servers_spaces_and_steps_their_types()
    {
        var observations = new Box<byte>(0, 255, 2, 3);
        var actions = new MultiDiscrete([2, 3, 4, 5], start: [0, -1, 2, 0], shape: [2, 2]);
        using var server = EnvServer.Start(() => new EchoEnv(observations, actions), new EnvServerOptions { NumEnvs = 3, EnvId = "Echo-v0" });
        using var envs = RemoteVectorEnv.Connect<byte[], int[]>([server.Address.ToString()]);
        Assert.Equal(observations, envs.SingleObservationSpace);
        Assert.Equal(actions, envs.SingleActionSpace);
        envs.Reset(3);
        envs.SingleActionSpace.Seed(1);
        var sent = new[] { envs.SingleActionSpace.Sample(), envs.SingleActionSpace.Sample(), envs.SingleActionSpace.Sample() };
        var step = envs.Step(sent);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(sent[i].Select(a => (byte)(a + 1)), step.Observations.Get(i).Take(4));
            Assert.Equal(sent[i].Sum(), step.Rewards[i]);
            Assert.Equal((long)i, step.Infos[i]["row"]);
            Assert.Equal(sent[i].Select(a => (byte)(a + 1)).ToArray(), Assert.IsType<byte[]>(step.Infos[i]["echo"]));
        }
    }

    /// <summary>Echoes each action (shifted into 0..255) into its observation, and tells its row in the info.</summary>
    private sealed class EchoEnv(Box<byte> observations, MultiDiscrete actions) : Env<byte[], int[]>
    {
        private static int _made;
        private readonly int _row = Interlocked.Increment(ref _made) - 1;
        private readonly byte[] _observation = new byte[6];
        public override Space<byte[]> ObservationSpace { get; } = observations;
        public override Space<int[]> ActionSpace { get; } = actions;

        public override ResetResult<byte[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
        {
            Array.Clear(_observation);
            return new(_observation, Infos.Empty);
        }

        public override StepResult<byte[]> Step(int[] action)
        {
            for (int k = 0; k < action.Length; k++) _observation[k] = (byte)(action[k] + 1);
            var info = new Dictionary<string, object> { ["row"] = _row % 3, ["echo"] = _observation[..4] };
            return new(_observation, action.Sum(), false, false, info);
        }
    }
}
