using StackExchange.Redis;

namespace DotGym.Cluster.Hosting;

/// <summary>
/// A Redis server that keeps the cluster's membership table (<c>redis://HOST[:PORT][/DB]</c>): every silo registers
/// there and learners find the gateways there, so no silo is special and any of them may die.
/// </summary>
public sealed record RedisMembership
{
    /// <summary>The scheme that marks a membership URI where a gateway list is also accepted.</summary>
    public const string Scheme = "redis://";

    /// <summary>The port Redis listens on when the URI names none.</summary>
    public const int DefaultPort = 6379;

    /// <summary>Host name or address of the Redis server.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port of the Redis server.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Redis database number (0-15 on a default server) that holds the table.</summary>
    public int Database { get; init; }

    /// <summary>Whether <paramref name="text"/> is meant as a membership URI (starts with redis://).</summary>
    public static bool IsUri(string? text) => text is not null && text.TrimStart().StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>redis://HOST[:PORT][/DB]</c>; the message of a refusal shows the expected form.</summary>
    public static RedisMembership Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string form = "expected redis://HOST[:PORT][/DB], e.g. redis://10.0.0.5:6379/0";
        if (!IsUri(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new ArgumentException($"'{text}' is not a Redis membership URI: {form}.");
        if (uri.UserInfo.Length > 0)
            throw new ArgumentException($"'{text}' carries credentials; a password in the URI would be saved in the run's config.json. Keep Redis on a private network ({form}).");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ArgumentException($"'{text}' has options after the address; {form}.");
        string path = uri.AbsolutePath.Trim('/');
        int database = 0;
        if (path.Length > 0 && (!int.TryParse(path, System.Globalization.NumberStyles.None, null, out database) || database > 15))
            throw new ArgumentException($"'{text}' names database '{path}'; the database is a number 0-15 ({form}).");
        return new RedisMembership { Host = uri.Host.Trim('[', ']'), Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, Database = database };
    }

    /// <summary>The URI form, <c>redis://HOST:PORT/DB</c>.</summary>
    public override string ToString() => $"{Scheme}{Host}:{Port}/{Database}";

    /// <summary>StackExchange.Redis options for this server; Orleans keeps reconnecting after a blip once started.</summary>
    internal ConfigurationOptions Options(TimeSpan connectTimeout, bool abortOnConnectFail)
    {
        var options = new ConfigurationOptions
        {
            DefaultDatabase = Database,
            ConnectTimeout = (int)connectTimeout.TotalMilliseconds,
            AbortOnConnectFail = abortOnConnectFail,
            ConnectRetry = 1,
        };
        options.EndPoints.Add(Host, Port);
        return options;
    }

    /// <summary>
    /// Fails within <paramref name="timeout"/> with an error naming the address and the fix when Redis does not
    /// answer; Orleans itself would retry for much longer before a silo or a learner gives up.
    /// </summary>
    public async Task EnsureReachableAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        try
        {
            var connect = ConnectionMultiplexer.ConnectAsync(Options(timeout, abortOnConnectFail: true));
            if (await Task.WhenAny(connect, Task.Delay(timeout + TimeSpan.FromSeconds(1), cancellation)) != connect)
                throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s");
            await using var redis = await connect;
            await redis.GetDatabase(Database).PingAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new ClusterEnvException(
                $"Could not reach the membership Redis at {Host}:{Port} ({this}) within {timeout.TotalSeconds:0.#} s ({Reason(e)}). " +
                "Start redis-server there (reachable from every silo and trainer), or pass the right redis://HOST:PORT.", e);
        }
    }

    // StackExchange.Redis's own message advises abortConnect=false, which would only hide the problem.
    private static string Reason(Exception e) => e is RedisConnectionException connection
        ? $"connection failed: {connection.FailureType}"
        : e.Message.Split('\n')[0].Trim().TrimEnd('.');
}
