using System.Globalization;
using System.Text.RegularExpressions;
using DotGym.Testing;
using Xunit.Abstractions;

namespace DotGym.Packaging.Tests;

/// <summary>
/// A project made by <c>dotnet new dotgym-agent</c> outside the repository builds against the packed packages and
/// its own <c>IPolicyNetwork</c> learns CartPole through PPO.
/// </summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class AgentTemplateTests(PackedRepository packed, ITestOutputHelper output)
{
    [Fact]
    public void TheDotgymAgentTemplatesPolicyNetworkLearnsCartPoleThroughPpo()
    {
        string folder = packed.NewProject("dotgym-agent", "SharedTrunkAgent");
        Assert.Contains($"<PackageReference Include=\"DotGym.Envs\" Version=\"{packed.Version}\" />", File.ReadAllText(Path.Combine(folder, "SharedTrunkAgent.csproj")));
        packed.Dotnet(folder, "build", "-c", "Release");
        string text = packed.Run(ChildProcess.DotnetHost(), folder, Path.Combine(folder, "bin", "Release", "net10.0", "SharedTrunkAgent.dll"), "20000");
        output.WriteLine(text);
        var match = Regex.Match(text, @"PPO with SharedTrunkPolicy on CartPole-v1 after 20000 steps: mean return ([0-9.]+)");
        Assert.True(match.Success, text);
        // Random actions last about 22 steps; seed 1 reaches about 340 here.
        double mean = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(mean > 100, $"the custom policy's evaluation return is {mean} after 20000 steps");
    }
}
