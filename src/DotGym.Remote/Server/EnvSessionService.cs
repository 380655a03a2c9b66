using DotGym.Remote.Protocol;
using Grpc.Core;

namespace DotGym.Remote.Server;

/// <summary>
/// The gRPC side of a session: checks the token, takes a slot, answers Hello with a Welcome (making the session's
/// envs), then serves Reset/Step requests in order until Close, the end of the stream, the idle timeout or the
/// server's stop. Bad requests and env failures get an Error reply; the session goes on.
/// </summary>
internal sealed class EnvSessionService(EnvHost host) : RemoteEnv.RemoteEnvBase
{
    public override async Task Session(IAsyncStreamReader<EnvRequest> requests, IServerStreamWriter<EnvReply> replies, ServerCallContext context)
    {
        host.Authorize(context);
        using var slot = host.EnterSession(context.Peer);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.Stopping);

        var first = await ReadAsync(requests, context, cancel.Token);
        if (first is null) return;
        if (first.KindCase != EnvRequest.KindOneofCase.Hello)
        {
            await replies.WriteAsync(Error("The first message of a session must be a Hello (with protocol_version 1)."));
            return;
        }
        var hello = first.Hello;
        if (hello.ProtocolVersion != RemoteProtocol.Version)
        {
            await replies.WriteAsync(Error($"This server speaks protocol version {RemoteProtocol.Version}, the client {hello.ProtocolVersion}; use matching DotGym versions (or regenerate from the same .proto)."));
            return;
        }
        int maxEnvs = host.Options.NumEnvs;
        int count = hello.NumEnvs == 0 ? maxEnvs : hello.NumEnvs;
        if (count < 1 || count > maxEnvs)
        {
            await replies.WriteAsync(Error($"The client asked for {hello.NumEnvs} envs; this server gives 1 to {maxEnvs} per session (0 = {maxEnvs})."));
            return;
        }

        ServedEnvs served;
        try
        {
            served = ServedEnvs.Create(host.MakeEnvs(count));
        }
        catch (Exception e)
        {
            host.Log($"{context.Peer}: could not make {count} envs: {e.Message}");
            await replies.WriteAsync(Error(e));
            return;
        }

        using (served)
        {
            await replies.WriteAsync(new EnvReply { Welcome = served.Welcome(host.Options.EnvId, host.Options.MaxMessageBytes) });
            host.Log($"{context.Peer}: session began ({count} envs{(hello.Client.Length > 0 ? ", " + hello.Client : "")})");
            while (await ReadAsync(requests, context, cancel.Token) is { } request)
            {
                if (request.KindCase == EnvRequest.KindOneofCase.Close)
                {
                    await replies.WriteAsync(new EnvReply { Close = new CloseReply() });
                    break;
                }
                EnvReply reply;
                try
                {
                    reply = served.Handle(request);
                }
                catch (Exception e)
                {
                    host.Log($"{context.Peer}: {request.KindCase} failed: {e.Message}");
                    reply = Error(e);
                }
                await replies.WriteAsync(reply);
            }
            host.Log($"{context.Peer}: session ended");
        }
    }

    /// <summary>The next request, or null when the client ended the stream; a silent client past the idle timeout is dropped.</summary>
    private async Task<EnvRequest?> ReadAsync(IAsyncStreamReader<EnvRequest> requests, ServerCallContext context, CancellationToken cancel)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        idle.CancelAfter(host.Options.IdleTimeout);
        try
        {
            return await requests.MoveNext(idle.Token) ? requests.Current : null;
        }
        catch (OperationCanceledException) when (host.Stopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The env server is shutting down."));
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            host.Log($"{context.Peer}: closed after {host.Options.IdleTimeout.TotalSeconds:0} s without a request");
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"The session sent no request for {host.Options.IdleTimeout.TotalSeconds:0} s and was closed; its envs are gone. Connect again."));
        }
    }

    private static EnvReply Error(string message, string type = "") => new() { Error = new Error { Message = message, Type = type } };

    private static EnvReply Error(Exception e) => Error(e.Message, e.GetType().Name);
}
