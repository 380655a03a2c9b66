using System.Globalization;
using System.Text.RegularExpressions;
using DotGym.Testing;
using Xunit.Abstractions;

namespace DotGym.Packaging.Tests;

/// <summary>
/// A project made by <c>dotnet new dotgym-env</c> outside the repository builds against the packed packages alone
/// (no ProjectReference, no import: TorchSharp loads through DotGym.Agents' buildTransitive fix), checks its env,
/// trains PPO on it and evaluates it.
/// </summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class TemplateProjectTests(PackedRepository packed, ITestOutputHelper output)
{
    [Fact]
    public void TheDotgymEnvTemplateBuildsFromThePackagesAloneAndPpoLearnsItsEnv()
    {
        output.WriteLine(packed.Log);
        Assert.False(packed.ProjectFolder.StartsWith(packed.Repository, StringComparison.Ordinal), "the project must live outside the repository");
        for (var dir = new DirectoryInfo(packed.ProjectFolder).Parent; dir is not null; dir = dir.Parent)
            Assert.False(File.Exists(Path.Combine(dir.FullName, "Directory.Build.targets")) || File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")),
                $"{dir.FullName} holds a Directory.Build file that the fresh project would import");

        string project = File.ReadAllText(Path.Combine(packed.ProjectFolder, PackedRepository.ProjectName + ".csproj"));
        Assert.DoesNotContain("ProjectReference", project);
        Assert.DoesNotContain("Import", project);
        Assert.Contains($"<PackageReference Include=\"DotGym.Agents\" Version=\"{packed.Version}\" />", project);
        // Restored from this run's packages into this run's package folder, not from any cache.
        Assert.True(Directory.Exists(Path.Combine(packed.NuGetPackages, "dotgym.agents", packed.Version)));
        Assert.True(Directory.Exists(Path.Combine(packed.NuGetPackages, "dotgym.core", packed.Version)));

        string text = packed.Run(ChildProcess.DotnetHost(), packed.ProjectFolder, packed.ProjectAssembly, "10000");
        output.WriteLine(text);
        Assert.Contains("the env checker found nothing to fix", text);
        var match = Regex.Match(text, @"mean return (-?[0-9.]+) ± [0-9.]+ \(random actions: (-?[0-9.]+)");
        Assert.True(match.Success, text);
        double trained = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), random = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        // Random pushes average about -25; reaching the target takes at most 10 pushes, about -5 at worst.
        Assert.True(random < -15, $"random actions returned {random}");
        Assert.True(trained > -8, $"PPO's evaluation return {trained} after 10000 steps (random actions: {random})");
    }
}
