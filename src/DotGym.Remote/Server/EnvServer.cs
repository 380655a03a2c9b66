using System.Net;
using DotGym.Vector;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DotGym.Remote.Server;

/// <summary>
/// Hosts envs for remote trainers over gRPC (the schema is <c>Protos/dotgym_remote.proto</c>): each session (one
/// trainer connection) gets its own vector env of up to <see cref="EnvServerOptions.NumEnvs"/> envs from the factory,
/// disposed when the session ends. Listens on 127.0.0.1 unless told otherwise (then a token is required), refuses
/// messages above <see cref="EnvServerOptions.MaxMessageBytes"/>, and drops clients that go silent.
/// <code>
/// using var server = EnvServer.Start(() => Gym.Make("CartPole-v1"), new EnvServerOptions { Port = 50051, NumEnvs = 8, EnvId = "CartPole-v1" });
/// // a trainer: RemoteVectorEnv.Connect(["127.0.0.1:50051"])
/// </code>
/// </summary>
public sealed class EnvServer : IDisposable, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private int _stopped;

    private EnvServer(WebApplication app, CancellationTokenSource stopping, Uri address)
    {
        _app = app;
        _stopping = stopping;
        Address = address;
    }

    /// <summary>The address clients connect to, e.g. <c>http://127.0.0.1:50051</c> (with the port picked when <see cref="EnvServerOptions.Port"/> was 0).</summary>
    public Uri Address { get; }

    /// <summary>The port listened on.</summary>
    public int Port => Address.Port;

    /// <summary>
    /// Starts a server whose sessions get the vector env <paramref name="makeEnvs"/> returns for the number of envs the
    /// client asked (1 .. <see cref="EnvServerOptions.NumEnvs"/>). Fails clearly on unsafe options (a non-loopback host
    /// without a token) or a port in use.
    /// </summary>
    public static EnvServer Start(Func<int, IVectorEnv> makeEnvs, EnvServerOptions? options = null) =>
        StartAsync(makeEnvs, options).GetAwaiter().GetResult();

    /// <summary>Starts a server whose sessions step <c>count</c> copies of <paramref name="makeEnv"/>'s env in a <see cref="SyncVectorEnv{TObs,TAct}"/>.</summary>
    public static EnvServer Start(Func<IEnv> makeEnv, EnvServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnv);
        return Start(count => Registration.Gym.MakeVec(makeEnv, count), options);
    }

    /// <inheritdoc cref="Start(Func{int, IVectorEnv}, EnvServerOptions?)"/>
    public static async Task<EnvServer> StartAsync(Func<int, IVectorEnv> makeEnvs, EnvServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(makeEnvs);
        options ??= new EnvServerOptions();
        options.Validate();
        var endpoint = new IPEndPoint(ParseHost(options.Host), options.Port);
        var stopping = new CancellationTokenSource();
        var host = new EnvHost(makeEnvs, options, stopping.Token);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // a session is one long stream; each message is bounded by gRPC below
            kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAlive;
            kestrel.Limits.Http2.KeepAlivePingTimeout = options.KeepAlive;
            kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = options.MaxMessageBytes;
        });
        builder.Services.AddSingleton(host);
        var app = builder.Build();
        app.MapGrpcService<EnvSessionService>();
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"Cannot listen on {options.Host}:{options.Port}: {e.Message} Pick another port (--port), or 0 for a free one.", e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server started but reports no address.");
        var uri = new Uri(bound.Replace("[::]", "[::1]").Replace("0.0.0.0", "127.0.0.1"));
        return new EnvServer(app, stopping, uri);
    }

    private static IPAddress ParseHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return ip;
        throw new ArgumentException($"Host '{host}' is not an IP address; use 127.0.0.1 (this machine only), 0.0.0.0 (every interface, with a token) or an interface's address.");
    }

    /// <summary>Stops listening and ends the open sessions (their clients get a clear error); <paramref name="abort"/> cancelled drops connections at once.</summary>
    public async Task StopAsync(CancellationToken abort = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(abort).ConfigureAwait(false);
    }

    /// <summary>Completes when the server has stopped (e.g. for a console host waiting on Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) => _app.WaitForShutdownAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public override string ToString() => $"EnvServer({Address})";
}
