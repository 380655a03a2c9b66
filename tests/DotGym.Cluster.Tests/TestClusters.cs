using System.Runtime.CompilerServices;
using DotGym.Cluster.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace DotGym.Cluster.Tests;

/// <summary>In-process Orleans clusters (TestingHost) whose silos host DotGym env runners.</summary>
internal static class TestClusters
{
    private const string MaxBodyKey = "DotGymTests:MaxMessageBodySize";

#pragma warning disable CA2255 // a module initializer is the intended test-assembly-wide hook here
    [ModuleInitializer]
    internal static void RegisterEnvs()
    {
        DotGym.Envs.BuiltinEnvs.Register();
        TestEnvs.Register();
    }
#pragma warning restore CA2255

    /// <summary>Starts <paramref name="silos"/> silos and a client; <paramref name="maxMessageBodySize"/> caps every message (bytes).</summary>
    public static async Task<TestCluster> StartAsync(short silos = 2, int? maxMessageBodySize = null)
    {
        var builder = new TestClusterBuilder(silos);
        if (maxMessageBodySize is { } max) builder.Properties[MaxBodyKey] = max.ToString();
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddDotGymEnvRunners();
            // Declare a killed silo dead within seconds, not the production default of about a minute.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            if (silo.Configuration[MaxBodyKey] is { } max)
                silo.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = int.Parse(max));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            if (configuration[MaxBodyKey] is { } max)
                client.Configure<ClientMessagingOptions>(o => o.MaxMessageBodySize = int.Parse(max));
        }
    }
}
