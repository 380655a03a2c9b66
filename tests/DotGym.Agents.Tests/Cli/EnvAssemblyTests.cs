using DotGym.Agents.Tests.Compiling;
using DotGym.Cli;
using DotGym.Cli.EnvAssemblies;
using DotGym.Registration;

namespace DotGym.Agents.Tests.Cli;

/// <summary>
/// <c>--env-assembly</c>, <c>dotgym.json</c> and <c>ASSEMBLY:ENV-ID</c>: a user's compiled env assembly registers
/// its envs through <see cref="DotGymEnvsAttribute"/> and trains; every kind of bad input fails with an error that
/// names the file and the fix.
/// </summary>
public sealed class EnvAssemblyTests : IDisposable
{
    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dotgym-envasm-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private const string Corridor =
        """
        using DotGym;
        using DotGym.Spaces;
        namespace UserEnvs;
        public sealed class Corridor : Env<int, int>
        {
            private int _position;
            public override Space<int> ObservationSpace { get; } = new Discrete(6);
            public override Space<int> ActionSpace { get; } = new Discrete(2);
            public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
            {
                SeedRandom(seed);
                _position = 0;
                return new(_position, Infos.Empty);
            }
            public override StepResult<int> Step(int action)
            {
                _position = Math.Clamp(_position + (action == 1 ? 1 : -1), 0, 5);
                return new(_position, _position == 5 ? 1.0 : -0.01, _position == 5, false, Infos.Empty);
            }
        }
        """;

    /// <summary>Compiles an env assembly named <paramref name="name"/> whose registration body is <paramref name="register"/> (null: no attribute).</summary>
    private string Build(string name, string? register)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName, path = Path.Combine(folder, name + ".dll");
        string registration = register is null ? "namespace UserEnvs; public static class Nothing { }" :
            $$"""
            using DotGym.Registration;
            [assembly: DotGymEnvs(typeof(UserEnvs.Registration))]
            namespace UserEnvs;
            public sealed class Registration : IEnvRegistration
            {
                public void Register() { {{register}} }
            }
            """;
        CSharpAssembly.Compile(name, console: false, path, ("Corridor.cs", Corridor), ("Registration.cs", registration));
        return path;
    }

    private static string LoadError(string path) => Assert.Throws<CliException>(() => EnvAssemblyLoader.Load(path, "--env-assembly")).Message;

    [Fact]
    public void TrainsAnEnvFromAnAssemblyAndRecordsTheAssemblyInTheRunConfig()
    {
        string path = Build("UserEnvsTrain", """Gym.Register("AsmCorridor-v0", _ => new Corridor(), maxEpisodeSteps: 30);""");
        string run = Path.Combine(_root, "run");
        Assert.Equal(0, Program.Main(["train", "--env", "AsmCorridor-v0", "--env-assembly", path, "--steps", "1024", "--device", "cpu",
            "--eval-episodes", "2", "--no-progress", "--out", run]));
        Assert.Contains($"\"env_assembly\": {System.Text.Json.JsonSerializer.Serialize(path)}", File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.Equal(path, EnvAssemblyLoader.SourceOf("AsmCorridor-v0"));
        Assert.Equal(0, Program.Main(["eval", run, "--episodes", "2"]));
    }

    /// <summary>Each benchmark job trains in its own process: one whose process fails is a clear line in the report, the others still count.</summary>
    [Fact]
    public void BenchLearnReportsACrashedJobAndKeepsTheOthers()
    {
        string path = Build("UserEnvsCrash", """
            Gym.Register("FineCorridor-v0", _ => new Corridor(), maxEpisodeSteps: 30);
            Gym.Register("CrashingCorridor-v0", _ => throw new InvalidOperationException("this corridor always crashes"), maxEpisodeSteps: 30);
            """);
        string folder = Path.Combine(_root, "crash");
        Assert.Equal(0, Program.Main(["bench", "learn", "--algos", "reinforce", "--envs", "FineCorridor-v0,CrashingCorridor-v0", "--env-assembly", path,
            "--seeds", "2", "--steps", "400", "--eval-episodes", "2", "--jobs", "2", "--out", folder]));

        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "report.json")))!;
        var row = Assert.Single(report["results"]!.AsArray());
        Assert.Equal("FineCorridor-v0", row!["env"]!.GetValue<string>());
        Assert.Equal(2, row["seeds"]!.GetValue<int>());
        var crashed = report["crashed"]!.AsArray();
        Assert.Equal([1L, 2L], crashed.Select(c => c!["seed"]!.GetValue<long>()).Order());
        Assert.All(crashed, c => Assert.NotEqual(0, c!["exit_code"]!.GetValue<int>()));
        Assert.All(crashed, c => Assert.True(File.Exists(c!["log"]!.GetValue<string>())));

        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("| reinforce | CrashingCorridor-v0 | 400 | 0 (every seed crashed) |", markdown);
        Assert.Contains("## Crashed runs", markdown);
        Assert.Contains("this corridor always crashes", File.ReadAllText(crashed[0]!["log"]!.GetValue<string>()));
        Assert.Matches(@"- reinforce CrashingCorridor-v0 seed 1: exit code \d+: ", markdown);
    }

    [Fact]
    public void BenchLearnAndListTakeEnvAssembliesToo()
    {
        string path = Build("UserEnvsBench", """Gym.Register("BenchCorridor-v0", _ => new Corridor(), maxEpisodeSteps: 30);""");
        Assert.Equal(0, Program.Main(["list", "--env-assembly", path]));
        string folder = Path.Combine(_root, "bench");
        Assert.Equal(0, Program.Main(["bench", "learn", "--algos", "ppo", "--envs", "BenchCorridor-v0", "--env-assembly", path, "--seeds", "1",
            "--steps", "512", "--eval-episodes", "2", "--jobs", "1", "--out", folder]));
        Assert.True(File.Exists(Path.Combine(folder, "report.json")));
        string config = File.ReadAllText(Path.Combine(folder, "runs", "ppo", "BenchCorridor-v0", "seed-1", "config.json"));
        Assert.Contains($"\"env_assembly\": {System.Text.Json.JsonSerializer.Serialize(path)}", config);
    }

    [Fact]
    public void TheModuleFormAndDotgymJsonFindTheAssembly()
    {
        string path = Build("UserEnvsModule", """Gym.Register("ModuleCorridor-v0", _ => new Corridor(), maxEpisodeSteps: 30);""");
        string folder = Path.GetDirectoryName(path)!, previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = folder; // the working directory holds UserEnvsModule.dll
            Assert.Equal("ModuleCorridor-v0", EnvSources.ResolveId("UserEnvsModule:ModuleCorridor-v0"));
            Assert.Contains("registers no env 'Nope-v0'; it registers ModuleCorridor-v0",
                Assert.Throws<CliException>(() => EnvSources.ResolveId("UserEnvsModule:Nope-v0")).Message);
            Assert.Contains("found no Missing.dll", Assert.Throws<CliException>(() => EnvSources.ResolveId("Missing:X-v0")).Message);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        File.WriteAllText(Path.Combine(_root, "dotgym.json"), """{ "envAssemblies": ["UserEnvsModule/UserEnvsModule.dll"] }""");
        Assert.Equal([path], DotGymJson.EnvAssemblies(_root));
        File.WriteAllText(Path.Combine(_root, "dotgym.json"), """{ "envAssembly": ["x.dll"] }""");
        Assert.Contains("unknown key 'envAssembly'", Assert.Throws<CliException>(() => DotGymJson.EnvAssemblies(_root)).Message);
        File.WriteAllText(Path.Combine(_root, "dotgym.json"), "{ envAssemblies: ");
        Assert.Contains("is not valid JSON", Assert.Throws<CliException>(() => DotGymJson.EnvAssemblies(_root)).Message);
    }

    [Fact]
    public void APathThatDoesNotExistNamesTheFileAndSaysToBuildIt()
    {
        string path = Path.Combine(_root, "bin", "Release", "net10.0", "NotBuilt.dll");
        string message = LoadError(path);
        Assert.Contains(path, message);
        Assert.Contains("no such file", message);
        Assert.Contains("dotnet build", message);
        // Through the command line: a one-line error and exit code 2, before any training.
        Assert.Equal(2, Program.Main(["train", "--env", "CartPole-v1", "--env-assembly", path, "--steps", "100", "--no-progress", "--out", Path.Combine(_root, "never")]));
        Assert.False(Directory.Exists(Path.Combine(_root, "never")));
    }

    [Fact]
    public void AFileThatIsNotADotNetAssemblySaysWhichDllToPass()
    {
        string path = Path.Combine(_root, "Reach1D.dll");
        File.WriteAllText(path, "public sealed class Reach1D { }");
        string message = LoadError(path);
        Assert.Contains(path, message);
        Assert.Contains("is not a .NET assembly", message);
        Assert.Contains("Pass the .dll that `dotnet build` writes", message);
    }

    [Fact]
    public void AnAssemblyWithoutTheAttributeSaysHowToDeclareItsEnvs()
    {
        string path = Build("UserEnvsNoAttribute", register: null);
        string message = LoadError(path);
        Assert.Contains(path, message);
        Assert.Contains("declares no envs", message);
        Assert.Contains("[assembly: DotGym.Registration.DotGymEnvs(typeof(...))]", message);
        Assert.Contains("IEnvRegistration", message);
    }

    [Fact]
    public void ARegistrationThatThrowsNamesTheTypeAndTheCause()
    {
        string path = Build("UserEnvsThrows", """throw new InvalidOperationException("the map file maps/level1.txt is missing");""");
        string message = LoadError(path);
        Assert.Contains(path, message);
        Assert.Contains("UserEnvs.Registration.Register() threw InvalidOperationException: the map file maps/level1.txt is missing", message);
        Assert.Contains("Fix the registration", message);
    }

    [Fact]
    public void ARegistrationThatRegistersNothingSaysToCallGymRegister()
    {
        string path = Build("UserEnvsEmpty", "");
        string message = LoadError(path);
        Assert.Contains(path, message);
        Assert.Contains("registered no env", message);
        Assert.Contains("Gym.Register", message);
    }

    [Fact]
    public void DotGymEnvsDeclaresItsBuiltinsWithTheSameAttribute()
    {
        var attribute = Assert.Single(typeof(DotGym.Envs.BuiltinEnvs).Assembly.GetCustomAttributes(typeof(DotGymEnvsAttribute), false).Cast<DotGymEnvsAttribute>());
        Assert.Equal(typeof(DotGym.Envs.BuiltinEnvsRegistration), attribute.Registration);
        // Loading DotGym.Envs.dll as an env assembly uses dotgym's own copy (the same types) and is not an error.
        string path = typeof(DotGym.Envs.BuiltinEnvs).Assembly.Location;
        Assert.Equal(path, EnvAssemblyLoader.Load(path, "--env-assembly"));
        Assert.Contains(Gym.Registry, s => s.Id == "CartPole-v1");
    }
}
