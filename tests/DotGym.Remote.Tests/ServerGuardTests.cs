using DotGym.Registration;
using DotGym.Remote.Client;
using DotGym.Remote.Protocol;
using DotGym.Remote.Server;
using DotGym.Spaces;
using DotGym.Vector;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace DotGym.Remote.Tests;

/// <summary>The server's guards: tokens, loopback, message sizes, malformed requests, busy, idle and dead peers.</summary>
public class ServerGuardTests
{
    private const string Token = "0123456789abcdef0123";

    private static EnvServer Server(EnvServerOptions? options = null) => RemoteVectorEnvTests.CartPoleServer(2, options);

    /// <summary>A raw session on the generated client, for requests the real client would never send.</summary>
    private static (GrpcChannel Channel, AsyncDuplexStreamingCall<EnvRequest, EnvReply> Call) Raw(EnvServer server, Metadata? headers = null)
    {
        var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxSendMessageSize = null });
        return (channel, new Protocol.RemoteEnv.RemoteEnvClient(channel).Session(headers ?? []));
    }

    private static async Task<EnvReply> Ask(AsyncDuplexStreamingCall<EnvRequest, EnvReply> call, EnvRequest request)
    {
        await call.RequestStream.WriteAsync(request);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the server ended the session without a reply");
        return call.ResponseStream.Current;
    }

    /// <summary>
    /// How the server ended the call. A server that ends a call while the client's side is open resets the stream,
    /// and the reset can overtake the status; the call's own status then still holds it (the real client looks there too).
    /// </summary>
    private static async Task<Status> EndStatus<TRequest, TReply>(AsyncDuplexStreamingCall<TRequest, TReply> call, TRequest request)
    {
        try
        {
            await call.RequestStream.WriteAsync(request);
        }
        catch (RpcException)
        {
            // The server may end the call before the whole message is written; its status follows.
        }
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        if (e.StatusCode != StatusCode.Cancelled) return e.Status;
        try { return call.GetStatus(); }
        catch (InvalidOperationException) { return e.Status; }
    }

    private static EnvRequest Hello() => new() { Hello = new Hello { ProtocolVersion = 1 } };

    [Fact]
    public void A_wrong_or_missing_token_is_refused()
    {
        using var server = Server(new EnvServerOptions { Token = Token });
        var wrong = Assert.Throws<RemoteEnvException>(() => RemoteVectorEnv.Connect([server.Address.ToString()], new RemoteEnvOptions { Token = Token + "x" }));
        Assert.Contains("Wrong token", wrong.Message);
        Assert.Contains(server.Address.ToString().TrimEnd('/'), wrong.Message);
        var missing = Assert.Throws<RemoteEnvException>(() => RemoteVectorEnv.Connect([server.Address.ToString()]));
        Assert.Contains("needs a token", missing.Message);
        using var right = RemoteVectorEnv.Connect([server.Address.ToString()], new RemoteEnvOptions { Token = Token });
        Assert.Equal(2, right.NumEnvs);
    }

    [Fact]
    public void Listening_beyond_loopback_needs_a_long_enough_token()
    {
        var e = Assert.Throws<ArgumentException>(() => Server(new EnvServerOptions { Host = "0.0.0.0" }));
        Assert.Contains("token", e.Message);
        Assert.Contains("127.0.0.1", e.Message);
        Assert.Throws<ArgumentException>(() => Server(new EnvServerOptions { Host = "0.0.0.0", Token = "short" }));
        using var server = Server(new EnvServerOptions { Host = "0.0.0.0", Token = Token });
        using var envs = RemoteVectorEnv.Connect([$"127.0.0.1:{server.Port}"], new RemoteEnvOptions { Token = Token });
        Assert.Equal(2, envs.NumEnvs);
    }

    [Fact]
    public async Task An_oversized_message_is_refused()
    {
        using var server = Server(new EnvServerOptions { MaxMessageBytes = 64 * 1024 });
        var (channel, call) = Raw(server);
        using var _ = channel;
        using var __ = call;
        Assert.Equal(EnvReply.KindOneofCase.Welcome, (await Ask(call, Hello())).KindCase);
        var huge = new EnvRequest { Step = new StepRequest { Actions = new Tensor { Dtype = DType.Int32, Data = ByteString.CopyFrom(new byte[200 * 1024]) } } };
        var status = await EndStatus(call, huge);
        Assert.Equal(StatusCode.ResourceExhausted, status.StatusCode);
        Assert.Contains("exceeds the maximum", status.Detail);
        Assert.Contains("65536 bytes", status.Detail);
    }

    [Fact]
    public async Task Bytes_that_are_not_a_request_end_the_call_with_a_clear_status()
    {
        using var server = Server();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "dotgym.remote.v1.RemoteEnv", "Session", bytes, bytes);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions());
        var status = await EndStatus(call, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]);
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Contains("not a dotgym.remote.v1.EnvRequest", status.Detail);
    }

    [Fact]
    public async Task Well_formed_but_wrong_requests_get_an_error_reply_and_the_session_goes_on()
    {
        using var server = Server();
        var (channel, call) = Raw(server);
        using var _ = channel;
        using var __ = call;
        var early = await Ask(call, new EnvRequest { Reset = new ResetRequest() });
        Assert.Contains("first message of a session must be a Hello", early.Error.Message);

        (channel, call) = Raw(server);
        using var ___ = channel;
        using var ____ = call;
        Assert.Equal(EnvReply.KindOneofCase.Welcome, (await Ask(call, Hello())).KindCase);
        Assert.Equal(EnvReply.KindOneofCase.Reset, (await Ask(call, new EnvRequest { Reset = new ResetRequest { Seed = 1 } })).KindCase);
        var shortActions = new Tensor { Dtype = DType.Int32, Shape = { 2 }, Data = ByteString.CopyFrom(new byte[4]) };
        var wrongLength = await Ask(call, new EnvRequest { Step = new StepRequest { Actions = shortActions } });
        Assert.Contains("carry 4 bytes", wrongLength.Error.Message);
        var floats = new Tensor { Dtype = DType.Float32, Shape = { 2 }, Data = ByteString.CopyFrom(new byte[8]) };
        Assert.Contains("must be Int32", (await Ask(call, new EnvRequest { Step = new StepRequest { Actions = floats } })).Error.Message);
        var outside = new Tensor { Dtype = DType.Int32, Shape = { 2 }, Data = ByteString.CopyFrom(BitConverter.GetBytes(0).Concat(BitConverter.GetBytes(9)).ToArray()) };
        var bad = await Ask(call, new EnvRequest { Step = new StepRequest { Actions = outside } });
        Assert.Contains("not in Discrete(2)", bad.Error.Message);
        var mask = await Ask(call, new EnvRequest { Reset = new ResetRequest { Mask = { true } } });
        Assert.Contains("1 entries for 2 envs", mask.Error.Message);
        var good = new Tensor { Dtype = DType.Int32, Shape = { 2 }, Data = ByteString.CopyFrom(new byte[8]) };
        Assert.Equal(EnvReply.KindOneofCase.Step, (await Ask(call, new EnvRequest { Step = new StepRequest { Actions = good } })).KindCase);
        Assert.Equal(EnvReply.KindOneofCase.Close, (await Ask(call, new EnvRequest { Close = new CloseRequest() })).KindCase);
    }

    [Fact]
    public void Asking_for_more_envs_than_the_server_gives_is_refused()
    {
        using var server = Server();
        var e = Assert.Throws<RemoteEnvException>(() => RemoteVectorEnv.Connect([server.Address.ToString()], new RemoteEnvOptions { NumEnvsPerServer = 3 }));
        Assert.Contains("1 to 2 per session", e.Message);
    }

    [Fact]
    public void A_busy_server_says_so()
    {
        using var server = Server(new EnvServerOptions { MaxSessions = 1 });
        using var first = RemoteVectorEnv.Connect([server.Address.ToString()]);
        var e = Assert.Throws<RemoteEnvException>(() => RemoteVectorEnv.Connect([server.Address.ToString()]));
        Assert.Contains("busy", e.Message);
    }

    [Fact]
    public void A_space_that_cannot_travel_is_named_in_the_handshake_error()
    {
        using var server = EnvServer.Start(n => Gym.MakeVec(() => new DictEnv(), n));
        var e = Assert.Throws<RemoteEnvException>(() => RemoteVectorEnv.Connect([server.Address.ToString()]));
        Assert.Contains("cannot travel", e.Message);
        Assert.Contains("FlattenObservation", e.Message);
    }

    [Fact]
    public void An_unreachable_server_is_a_clear_error()
    {
        int port;
        using (var probe = Server()) port = probe.Port; // a port nobody listens on any more
        var e = Assert.Throws<RemoteEnvException>(() => RemoteVectorEnv.Connect([$"127.0.0.1:{port}"], new RemoteEnvOptions { ConnectTimeout = TimeSpan.FromSeconds(3) }));
        Assert.Contains("cannot be reached", e.Message);
        Assert.Contains("dotgym serve", e.Message);
    }

    [Fact]
    public void A_stalled_server_times_out_with_a_clear_error()
    {
        using var stall = new ManualResetEventSlim();
        using var server = EnvServer.Start(n => Gym.MakeVec(() => new StallingEnv(stall), n));
        using var envs = RemoteVectorEnv.Connect([server.Address.ToString()], new RemoteEnvOptions { ReplyTimeout = TimeSpan.FromSeconds(1) });
        var typed = (IVectorEnv<int, int>)envs;
        typed.Reset(0);
        var e = Assert.Throws<RemoteEnvException>(() => typed.Step([0]));
        stall.Set();
        Assert.Contains("no reply to the step within 1 s", e.Message);
        Assert.Contains("failed earlier", Assert.Throws<RemoteEnvException>(() => typed.Step([0])).Message);
    }

    [Fact]
    public async Task A_server_that_goes_away_mid_session_is_a_clear_error()
    {
        var server = Server();
        using var envs = RemoteVectorEnv.Connect<float[], int>([server.Address.ToString()]);
        envs.Reset(0);
        envs.Step([0, 1]);
        await server.StopAsync(new CancellationToken(canceled: true));
        await server.DisposeAsync();
        var e = Assert.Throws<RemoteEnvException>(() => envs.Step([0, 1]));
        Assert.Contains(server.Address.ToString().TrimEnd('/'), e.Message);
    }

    [Fact]
    public void A_silent_client_is_dropped_after_the_idle_timeout()
    {
        using var server = Server(new EnvServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        using var envs = RemoteVectorEnv.Connect<float[], int>([server.Address.ToString()]);
        Thread.Sleep(1000);
        var e = Assert.Throws<RemoteEnvException>(() => envs.Reset(0));
        Assert.True(e.Message.Contains("sent no request"), e.Message);
    }

    private sealed class DictEnv : Env<IReadOnlyDictionary<string, object>, int>
    {
        public override Space<IReadOnlyDictionary<string, object>> ObservationSpace { get; } = new DictSpace(("a", new Discrete(2)));
        public override Space<int> ActionSpace { get; } = new Discrete(2);
        public override ResetResult<IReadOnlyDictionary<string, object>> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new(new Dictionary<string, object> { ["a"] = 0 }, Infos.Empty);
        public override StepResult<IReadOnlyDictionary<string, object>> Step(int action) => new(new Dictionary<string, object> { ["a"] = 0 }, 0, false, false, Infos.Empty);
    }

    private sealed class StallingEnv(ManualResetEventSlim release) : Env<int, int>
    {
        public override Space<int> ObservationSpace { get; } = new Discrete(2);
        public override Space<int> ActionSpace { get; } = new Discrete(2);
        public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) => new(0, Infos.Empty);
        public override StepResult<int> Step(int action)
        {
            release.Wait(TimeSpan.FromSeconds(10));
            return new(0, 0, false, false, Infos.Empty);
        }
    }
}
