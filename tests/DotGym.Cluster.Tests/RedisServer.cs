using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DotGym.Cluster.Tests;

/// <summary>
/// A throwaway redis-server on a free loopback port, nothing saved to disk; null from <see cref="TryStart"/> where
/// Debian's redis-server is not installed (the tests that need it skip with <see cref="MissingReason"/>).
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private const string Executable = "/usr/bin/redis-server";

    public const string MissingReason = "SKIPPED: Redis membership tests need Debian's redis-server: `apt-get install -y redis-server` (Debian 12).";

    private readonly Process _process;

    private RedisServer(Process process, int port) => (_process, Port) = (process, port);

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its membership URI.</summary>
    public string Uri => $"redis://127.0.0.1:{Port}";

    public static bool Installed => File.Exists(Executable);

    public static RedisServer? TryStart()
    {
        if (!Installed) return null;
        int port = FreePort();
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath() })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var clock = Stopwatch.StartNew();
        while (!server.Answers())
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                server.Dispose();
                throw new InvalidOperationException($"redis-server on port {port} did not come up.");
            }
            Thread.Sleep(100);
        }
        return server;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var reply = new byte[7];
            return stream.Read(reply) > 0 && reply[0] == (byte)'+';
        }
        catch (SocketException) { return false; }
    }

    public void Dispose()
    {
        try { _process.Kill(); _process.WaitForExit(10_000); } catch (InvalidOperationException) { /* already gone */ }
        _process.Dispose();
    }
}
