using System.Security.Cryptography;
using System.Text;
using DotGym.Vector;
using Grpc.Core;

namespace DotGym.Remote.Server;

/// <summary>What every session of one <see cref="EnvServer"/> shares: the env factory, the options, the token and the session count.</summary>
internal sealed class EnvHost(Func<int, IVectorEnv> makeEnvs, EnvServerOptions options, CancellationToken stopping)
{
    private readonly byte[]? _tokenHash = options.Token is null ? null : Hash(options.Token);
    private int _sessions;

    public EnvServerOptions Options { get; } = options;

    /// <summary>Fires when the server stops: open sessions end.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public IVectorEnv MakeEnvs(int count) => makeEnvs(count)
        ?? throw new InvalidOperationException("The server's env factory returned null; it must return a vector env.");

    /// <summary>Refuses a call without the right token (compared in constant time, through hashes of equal length).</summary>
    public void Authorize(ServerCallContext context)
    {
        if (_tokenHash is null) return;
        string? sent = context.RequestHeaders.GetValue(RemoteProtocol.TokenHeader);
        if (sent is null || !CryptographicOperations.FixedTimeEquals(Hash(sent), _tokenHash))
        {
            Log($"{context.Peer}: refused ({(sent is null ? "no token" : "wrong token")})");
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                sent is null
                    ? "This env server needs a token: pass the server's --token to the client (--token or DOTGYM_TOKEN)."
                    : "Wrong token: pass the token the server was started with (--token or DOTGYM_TOKEN)."));
        }
    }

    /// <summary>Takes a session slot (released by disposing the result), or refuses the client when all are taken.</summary>
    public IDisposable EnterSession(string peer)
    {
        if (Interlocked.Increment(ref _sessions) > Options.MaxSessions)
        {
            Interlocked.Decrement(ref _sessions);
            Log($"{peer}: refused (busy: {Options.MaxSessions} sessions)");
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"The env server is busy: it serves {Options.MaxSessions} session(s) at once. Close another trainer, or start the server with a higher session limit."));
        }
        return new Slot(this);
    }

    public void Log(string message) => Options.Log?.Invoke(message);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private sealed class Slot(EnvHost host) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Decrement(ref host._sessions);
        }
    }
}
