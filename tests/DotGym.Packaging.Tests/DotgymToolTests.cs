using System.Text.Json;
using Xunit.Abstractions;

namespace DotGym.Packaging.Tests;

/// <summary>
/// <c>dotnet tool install --tool-path</c> of the packed dotgym, then dotgym from folders unrelated to the repository:
/// --help, training on the template project's env through --env-assembly (TorchSharp loading from the tool's own
/// patched copy), eval of that run through the env assembly its config.json recorded, and the ASSEMBLY:ENV-ID form.
/// </summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class DotgymToolTests(PackedRepository packed, ITestOutputHelper output)
{
    [Fact]
    public void TheInstalledToolTrainsEvaluatesAndRunsAnEnvFromTheTemplateProjectsAssembly()
    {
        string tools = Path.Combine(packed.Root, "tools"), elsewhere = Path.Combine(packed.Root, "elsewhere"), run = Path.Combine(packed.Root, "tool-run");
        Directory.CreateDirectory(elsewhere);
        packed.Dotnet(packed.Root, "tool", "install", "--tool-path", tools, "--add-source", packed.Packages, "dotgym", "--version", packed.RepositoryVersion);
        string dotgym = Path.Combine(tools, OperatingSystem.IsWindows() ? "dotgym.exe" : "dotgym");

        Assert.Contains("--env-assembly", packed.Run(dotgym, elsewhere, "--help"));
        Assert.Contains(PackedRepository.EnvId, packed.Run(dotgym, elsewhere, "list", "--env-assembly", packed.ProjectAssembly));

        string train = packed.Run(dotgym, elsewhere, "train", "--env", PackedRepository.EnvId, "--env-assembly", packed.ProjectAssembly,
            "--steps", "3000", "--device", "cpu", "--eval-episodes", "3", "--no-progress", "--out", run);
        output.WriteLine(train);
        foreach (var file in new[] { "config.json", "metrics.csv", "model.ckpt", "summary.json" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"the run folder lacks {file}:\n{train}");
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
            Assert.Equal(packed.ProjectAssembly, config.RootElement.GetProperty("env_assembly").GetString());

        // No flag: eval finds the env through the assembly recorded in config.json.
        string eval = packed.Run(dotgym, elsewhere, "eval", run, "--episodes", "3");
        output.WriteLine(eval);
        Assert.Contains(PackedRepository.EnvId, eval);

        // Gymnasium's module:EnvId form, from the project folder (its bin/Release output; its dotgym.json lists it too).
        string random = packed.Run(dotgym, packed.ProjectFolder, "run", "--env", $"{PackedRepository.ProjectName}:{PackedRepository.EnvId}", "--episodes", "2");
        output.WriteLine(random);
        Assert.Contains("random actions", random);
        output.WriteLine(packed.Log);
    }
}
