namespace DotGym.Remote.Server;

/// <summary>How an <see cref="EnvServer"/> listens and what it accepts.</summary>
public sealed record EnvServerOptions
{
    /// <summary>Environment variable the CLI reads the shared token from when <c>--token</c> is not given.</summary>
    public const string TokenVariable = "DOTGYM_TOKEN";

    /// <summary>The shortest token accepted on a non-loopback address.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The address to bind: <c>127.0.0.1</c> (the default: only this machine can connect), <c>::1</c>,
    /// <c>localhost</c>, or an interface's address / <c>0.0.0.0</c> to accept other machines, which requires a
    /// <see cref="Token"/>.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (read it back from <see cref="EnvServer.Address"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// A shared secret every client must send (metadata <c>dotgym-token</c>); required, at least
    /// <see cref="MinimumTokenLength"/> characters, when <see cref="Host"/> is not a loopback address. The traffic itself
    /// is not encrypted: on untrusted networks tunnel it (ssh -L) or put a TLS proxy in front.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>Envs per session: a client gets this many unless it asks for fewer (e.g. one, to evaluate).</summary>
    public int NumEnvs { get; init; } = 1;

    /// <summary>The env id announced in the handshake (the trainer's presets and run names use it).</summary>
    public string EnvId { get; init; } = "remote";

    /// <summary>Sessions served at once (each has its own envs); a client beyond it is refused as busy.</summary>
    public int MaxSessions { get; init; } = 4;

    /// <summary>The largest message accepted or sent, in bytes (default 16 MiB); larger ones are refused.</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>A session whose client sends nothing for this long is closed and its envs disposed (default 10 minutes).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>HTTP/2 pings after this much silence find dead clients (default 15 s; they must answer within as long).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where session events go (a client connected, closed, failed); null: nowhere.</summary>
    public Action<string>? Log { get; init; }

    internal void Validate()
    {
        if (NumEnvs < 1) throw new ArgumentOutOfRangeException(nameof(NumEnvs), NumEnvs, "A server needs at least 1 env per session (--num-envs 1 or more).");
        if (MaxSessions < 1) throw new ArgumentOutOfRangeException(nameof(MaxSessions), MaxSessions, "MaxSessions must be at least 1.");
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "The port must be in 0..65535 (0 picks a free one).");
        if (MaxMessageBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), MaxMessageBytes, "MaxMessageBytes must be at least 1024.");
        if (IdleTimeout <= TimeSpan.Zero || KeepAlive <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(IdleTimeout), "IdleTimeout and KeepAlive must be positive.");
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("Host is empty; use 127.0.0.1 (this machine only) or an address to listen on.");
        if (!IsLoopback(Host) && (Token is null || Token.Length < MinimumTokenLength))
            throw new ArgumentException(
                $"Listening on {Host} lets other machines step the env, so it needs a shared token of at least {MinimumTokenLength} characters (--token or {TokenVariable}, e.g. from `openssl rand -hex 16`); or listen on 127.0.0.1 only.");
    }

    internal static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
