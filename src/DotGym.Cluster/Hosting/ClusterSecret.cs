using System.Security.Cryptography;
using System.Text;
using DotGym.Cluster.Runners;

namespace DotGym.Cluster.Hosting;

/// <summary>A shared secret carried in the request context of every env-runner call and checked by the silo.</summary>
internal static class ClusterSecret
{
    public const string Key = "dotgym.secret";
    public const int MinLength = 16;

    public static void Check(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinLength)
            throw new ArgumentException($"The cluster secret must have at least {MinLength} characters; generate one, e.g. `openssl rand -hex 16`.", nameof(secret));
    }

    public sealed class OutgoingStamp(string secret) : IOutgoingGrainCallFilter
    {
        public Task Invoke(IOutgoingGrainCallContext context)
        {
            RequestContext.Set(Key, secret);
            return context.Invoke();
        }
    }

    public sealed class IncomingCheck(string secret) : IIncomingGrainCallFilter
    {
        private readonly byte[] _expected = Encoding.UTF8.GetBytes(secret);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.TargetContext.GrainInstance is EnvRunnerGrain)
            {
                var given = RequestContext.Get(Key) as string;
                if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _expected))
                    throw new UnauthorizedAccessException(given is null
                        ? "This cluster requires a secret: start the trainer with --secret (or DOTGYM_CLUSTER_SECRET) set to the silos' secret."
                        : "The cluster secret does not match the silos'; use the secret the silos were started with.");
            }
            return context.Invoke();
        }
    }
}
