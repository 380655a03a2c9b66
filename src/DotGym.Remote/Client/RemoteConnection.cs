using DotGym.Remote.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace DotGym.Remote.Client;

/// <summary>
/// One session with one env server: the channel, the open stream and the handshake. Requests go out one at a time and
/// each waits for its reply within the reply timeout; every failure becomes a <see cref="RemoteEnvException"/> that
/// names the server and what to do.
/// </summary>
internal sealed class RemoteConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<EnvRequest, EnvReply> _call;
    private readonly RemoteEnvOptions _options;
    private bool _broken, _disposed;

    private RemoteConnection(string address, GrpcChannel channel, AsyncDuplexStreamingCall<EnvRequest, EnvReply> call, RemoteEnvOptions options)
    {
        Address = address;
        _channel = channel;
        _call = call;
        _options = options;
    }

    /// <summary>The server, as <c>http://HOST:PORT</c>.</summary>
    public string Address { get; }

    /// <summary>How long a reset or step may take.</summary>
    public TimeSpan ReplyTimeout => _options.ReplyTimeout;

    /// <summary>The server's handshake reply.</summary>
    public Welcome Welcome { get; private set; } = null!;

    /// <summary>Connects to <paramref name="address"/> (<c>HOST:PORT</c> or a URL) and shakes hands, asking for <paramref name="numEnvs"/> envs (0: all it gives).</summary>
    public static RemoteConnection Open(string address, int numEnvs, RemoteEnvOptions options)
    {
        var uri = ParseAddress(address);
        var channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = options.MaxMessageBytes,
            MaxSendMessageSize = options.MaxMessageBytes,
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = options.ConnectTimeout,
                KeepAlivePingDelay = options.KeepAlive,
                KeepAlivePingTimeout = options.KeepAlive,
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                EnableMultipleHttp2Connections = false,
            },
        });
        var headers = new Metadata();
        if (options.Token is not null) headers.Add(RemoteProtocol.TokenHeader, options.Token);
        var call = new Protocol.RemoteEnv.RemoteEnvClient(channel).Session(headers);
        var connection = new RemoteConnection(uri.ToString().TrimEnd('/'), channel, call, options);
        try
        {
            var hello = new Hello { ProtocolVersion = RemoteProtocol.Version, NumEnvs = numEnvs, Client = options.ClientName };
            var reply = connection.RoundTripAsync(new EnvRequest { Hello = hello }, "handshake", options.ConnectTimeout).GetAwaiter().GetResult();
            if (reply.KindCase != EnvReply.KindOneofCase.Welcome)
                throw connection.Fail($"answered the handshake with {reply.KindCase}, not a Welcome; is it a DotGym env server?");
            if (reply.Welcome.ProtocolVersion != RemoteProtocol.Version)
                throw connection.Fail($"speaks protocol version {reply.Welcome.ProtocolVersion}, this client {RemoteProtocol.Version}; use matching DotGym versions.");
            if (reply.Welcome.NumEnvs < 1 || (numEnvs > 0 && reply.Welcome.NumEnvs != numEnvs))
                throw connection.Fail($"gave {reply.Welcome.NumEnvs} envs for {(numEnvs == 0 ? "its default" : numEnvs.ToString())}.");
            connection.Welcome = reply.Welcome;
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary><c>HOST:PORT</c>, <c>[::1]:PORT</c> or <c>http(s)://HOST:PORT</c> as a URI.</summary>
    public static Uri ParseAddress(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        string text = address.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.IsDefaultPort && !address.Contains(":" + uri.Port, StringComparison.Ordinal))
            throw new ArgumentException($"'{address}' is not an env server address; write HOST:PORT, e.g. 127.0.0.1:50051.", nameof(address));
        return uri;
    }

    /// <summary>Sends <paramref name="request"/> and waits for its reply (<paramref name="what"/>, e.g. "step", names it in errors).</summary>
    public EnvReply RoundTrip(EnvRequest request, string what) => RoundTripAsync(request, what, _options.ReplyTimeout).GetAwaiter().GetResult();

    /// <summary>Sends <paramref name="request"/> and waits for its reply; an Error reply throws.</summary>
    public async Task<EnvReply> RoundTripAsync(EnvRequest request, string what, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken) throw Fail($"failed earlier in this session, so it cannot {what}; connect again (its envs were lost).");
        using var deadline = new CancellationTokenSource(timeout);
        EnvReply reply;
        try
        {
            await _call.RequestStream.WriteAsync(request, deadline.Token).ConfigureAwait(false);
            if (!await _call.ResponseStream.MoveNext(deadline.Token).ConfigureAwait(false))
            {
                _broken = true;
                throw Fail($"closed the session instead of answering the {what}. Its log says why; start a new session.");
            }
            reply = _call.ResponseStream.Current;
        }
        catch (RpcException e) when (deadline.IsCancellationRequested || e.StatusCode == StatusCode.Cancelled && deadline.IsCancellationRequested)
        {
            _broken = true;
            throw Fail($"sent no reply to the {what} within {timeout.TotalSeconds:0.#} s: the server is stuck or dead, or the env is slower than the reply timeout.", e);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            _broken = true;
            throw Fail($"sent no reply to the {what} within {timeout.TotalSeconds:0.#} s: the server is stuck or dead, or the env is slower than the reply timeout.", e);
        }
        catch (RpcException e)
        {
            _broken = true;
            throw Fail(Explain(ServerStatus(e), what), e);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException && e is not RemoteEnvException)
        {
            // The connection broke or the call ended (the server went away, or ended the session): its status says why.
            _broken = true;
            if (await EndStatusAsync().ConfigureAwait(false) is { } ended) throw Fail(Explain(ended, what), e);
            throw Fail($"went away during the {what} ({e.Message}). Check that the env server is still running there (dotgym serve).", e);
        }
        if (reply.KindCase == EnvReply.KindOneofCase.Error)
            throw Fail($"failed to {what}: {(reply.Error.Type.Length > 0 ? reply.Error.Type + ": " : "")}{reply.Error.Message}");
        return reply;
    }

    /// <summary>
    /// The server's own status when a read reports a bare Cancelled: a server that ends the call while the client's
    /// side is still open resets the stream, and the reset can overtake the trailers that say why.
    /// </summary>
    private RpcException ServerStatus(RpcException e)
    {
        if (e.StatusCode != StatusCode.Cancelled) return e;
        try
        {
            var status = _call.GetStatus();
            return status.StatusCode is StatusCode.Cancelled or StatusCode.OK ? e : new RpcException(status);
        }
        catch (InvalidOperationException)
        {
            return e; // no status: the call did not finish on the server's side
        }
    }

    /// <summary>The status the server ended the call with, when it ended it (null when the connection just broke).</summary>
    private async Task<RpcException?> EndStatusAsync()
    {
        try
        {
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            while (await _call.ResponseStream.MoveNext(brief.Token).ConfigureAwait(false)) { }
            return null;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            return e;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or RpcException)
        {
            return null;
        }
    }

    private static string Explain(RpcException e, string what) => e.StatusCode switch
    {
        StatusCode.Unauthenticated => $"refused the session: {e.Status.Detail}",
        StatusCode.Unavailable => $"cannot be reached or went away during the {what} ({e.Status.Detail}). Check that the env server is running there (dotgym serve) and the address is right.",
        StatusCode.ResourceExhausted => $"refused the {what}: {e.Status.Detail}",
        StatusCode.DeadlineExceeded => $"ended the session: {e.Status.Detail}",
        _ => $"failed during the {what}: {e.StatusCode}: {e.Status.Detail}",
    };

    /// <summary>A <see cref="RemoteEnvException"/> whose message starts with this server's address.</summary>
    public RemoteEnvException Fail(string message, Exception? inner = null) => new(Address, $"The env server at {Address} {message}", inner);

    /// <summary>Says goodbye (best effort, briefly) and closes the channel.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (!_broken && Welcome is not null)
        {
            try
            {
                RoundTripAsync(new EnvRequest { Close = new CloseRequest() }, "close", TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
                _call.RequestStream.CompleteAsync().Wait(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is IOException or RpcException or InvalidOperationException or AggregateException)
            {
                // The server is gone already; nothing to close.
            }
        }
        _disposed = true;
        _call.Dispose();
        _channel.Dispose();
    }
}
