using System.CommandLine;
using DotGym.Cli.Runs;
using DotGym.Registration;

namespace DotGym.Cli.EnvAssemblies;

/// <summary>
/// Where a command's envs come from besides the built-ins: <c>--env-assembly PATH</c> (repeatable), the
/// <c>dotgym.json</c> of the working directory, and ids of the form <c>Assembly:EnvId</c> (Gymnasium's
/// <c>"module:EnvId"</c>), which load <c>Assembly.dll</c> from dotgym.json's list, the working directory or its
/// <c>bin/Release|Debug/TFM/</c> folders.
/// </summary>
internal static class EnvSources
{
    /// <summary>How the help of every command that takes env ids explains the forms.</summary>
    public const string Help =
        """
        Your own envs: build a class library or console project that declares [assembly: DotGymEnvs(typeof(Registration))]
        (Registration implements IEnvRegistration and calls Gym.Register), then either pass --env-assembly
        path/to/MyEnvs.dll (repeatable), list it in a dotgym.json in the working directory
        ({"envAssemblies": ["bin/Release/net10.0/MyEnvs.dll"]}), or name the env as MyEnvs:Reach1D-v0, which loads
        MyEnvs.dll found in dotgym.json's list, the working directory or its bin/Release/*/ and bin/Debug/*/ folders.
        """;

    /// <summary>The <c>--env-assembly</c> option (repeatable).</summary>
    public static Option<string[]> CreateOption() => new("--env-assembly")
    {
        Description = "Load envs from this .NET assembly: the .dll of your env project, which declares [assembly: DotGymEnvs(typeof(Registration))]. Repeat the flag for several (one path each, so it never swallows a run folder). Also read from dotgym.json in the working directory.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Loads the working directory's dotgym.json assemblies, then every <c>--env-assembly</c>.</summary>
    public static void Load(ParseResult parse, Option<string[]> option)
    {
        string json = Path.Combine(Environment.CurrentDirectory, DotGymJson.FileName);
        foreach (var path in DotGymJson.EnvAssemblies(Environment.CurrentDirectory))
            EnvAssemblyLoader.Load(path, $"{json} lists");
        foreach (var path in parse.GetValue(option) ?? [])
            EnvAssemblyLoader.Load(path, "--env-assembly");
    }

    /// <summary>
    /// The registry id behind <paramref name="id"/>: a plain id unchanged, or for <c>Assembly:EnvId</c> the EnvId after
    /// loading Assembly.dll (and checking that it registers EnvId).
    /// </summary>
    public static string ResolveId(string id)
    {
        int colon = id.IndexOf(':');
        if (colon < 0) return id;
        string module = id[..colon].Trim(), envId = id[(colon + 1)..].Trim();
        if (module.Length == 0 || envId.Length == 0)
            throw new CliException($"'{id}' must be ENV-ID or ASSEMBLY:ENV-ID (e.g. MyEnvs:Reach1D-v0).");
        if (module.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) module = module[..^4];
        string path = EnvAssemblyLoader.LoadedPathOf(module) ?? EnvAssemblyLoader.Load(Find(module, id), $"'{id}' loads");
        if (EnvAssemblyLoader.SourceOf(envId) != path)
        {
            var ids = EnvAssemblyLoader.IdsFrom(path);
            throw new CliException($"'{id}': {path} registers no env '{envId}'" + (ids.Count > 0 ? $"; it registers {string.Join(", ", ids)}." : "."));
        }
        return envId;
    }

    /// <summary>
    /// Makes a run's env available again for eval, play and --resume: if <see cref="RunConfig.Env"/> is not registered
    /// (by the built-ins, --env-assembly or dotgym.json), loads the env assembly recorded in the run's config.json.
    /// </summary>
    public static void EnsureRegistered(RunConfig config)
    {
        if (config.EnvAssembly is null || Gym.Registry.Any(s => s.Id == config.Env)) return;
        if (!File.Exists(config.EnvAssembly))
            throw new CliException($"The run's env {config.Env} came from {config.EnvAssembly} (recorded in its config.json), which does not exist any more. Rebuild it there, or pass --env-assembly NEW-PATH.");
        EnvAssemblyLoader.Load(config.EnvAssembly, "config.json's env_assembly");
    }

    private static string Find(string module, string id)
    {
        string file = module + ".dll", cwd = Environment.CurrentDirectory;
        var searched = new List<string> { Path.Combine(cwd, DotGymJson.FileName) + " (envAssemblies)", cwd };
        var candidates = DotGymJson.EnvAssemblies(cwd).Where(p => string.Equals(Path.GetFileName(p), file, StringComparison.OrdinalIgnoreCase)).ToList();
        candidates.Add(Path.Combine(cwd, file));
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            string bin = Path.Combine(cwd, "bin", configuration);
            searched.Add(Path.Combine(bin, "*"));
            if (Directory.Exists(bin))
                candidates.AddRange(Directory.EnumerateDirectories(bin).Order(StringComparer.Ordinal).Reverse().Select(d => Path.Combine(d, file)));
        }
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new CliException($"'{id}': found no {file} (looked in {string.Join(", ", searched)}). Pass --env-assembly path/to/{file}, list it in {DotGymJson.FileName}, or run dotgym in the folder that holds it.");
    }
}
