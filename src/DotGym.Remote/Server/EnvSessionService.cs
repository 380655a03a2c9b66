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
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, host.Stopping);
        Task<bool> pendingRead;
        using (host.EnterSession(context.Peer))
        {
            try
            {
                await Serve(requests, replies, context, cancel.Token);
                return;
            }
            catch (IdleException idle)
            {
                pendingRead = idle.PendingRead; // the envs are disposed by now, and the slot is freed below
            }
        }
        // The call stays open until the client's next message, so the reason reaches it in-band: ending a call while
        // a read is pending resets the stream, and the client would only see "Cancelled".
        string reason = $"The session sent no request for {host.Options.IdleTimeout.TotalSeconds:0.#} s and was closed; its envs are gone. Connect again.";
        host.Log($"{context.Peer}: closed after {host.Options.IdleTimeout.TotalSeconds:0.#} s without a request");
        try
        {
            if (await pendingRead) await replies.WriteAsync(Error(reason, "Idle"));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client went away meanwhile.
        }
    }

    private async Task Serve(IAsyncStreamReader<EnvRequest> requests, IServerStreamWriter<EnvReply> replies, ServerCallContext context, CancellationToken cancel)
    {
        var first = await ReadAsync(requests, context, cancel);
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
            while (await ReadAsync(requests, context, cancel) is { } request)
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
        // The read is raced against a timer rather than cancelled by it: cancelling a read aborts the whole call,
        // and the client would see a bare "Cancelled" instead of the reason.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            var read = requests.MoveNext(cancel);
            if (!read.IsCompleted)
            {
                var idle = Task.Delay(host.Options.IdleTimeout, timer.Token);
                if (await Task.WhenAny(read, idle).ConfigureAwait(false) == idle && !cancel.IsCancellationRequested)
                {
                    throw new IdleException(read); // the caller completes the read

                }
            }
            return await read.ConfigureAwait(false) ? requests.Current : null;
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException || e.InnerException is Google.Protobuf.InvalidProtocolBufferException)
        {
            host.Log($"{context.Peer}: sent a malformed message ({e.Message})");
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"The message is not a dotgym.remote.v1.EnvRequest ({(e.InnerException ?? e).Message}); generate the client from the same dotgym_remote.proto."));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            host.Log($"{context.Peer}: sent a message above {host.Options.MaxMessageBytes} bytes");
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"{e.Status.Detail} This server accepts messages of up to {host.Options.MaxMessageBytes} bytes; send fewer envs per server or raise its limit."));
        }
        catch (OperationCanceledException) when (host.Stopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The env server is shutting down."));
        }
        finally
        {
            await timer.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The client sent nothing within the idle timeout; <see cref="PendingRead"/> is the read still waiting.</summary>
    private sealed class IdleException(Task<bool> pendingRead) : Exception("idle")
    {
        public Task<bool> PendingRead { get; } = pendingRead;
    }

    private static EnvReply Error(string message, string type = "") => new() { Error = new Error { Message = message, Type = type } };

    private static EnvReply Error(Exception e) => Error(e.Message, e.GetType().Name);
}
