using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using DotGym.Testing;

namespace DotGym.Packaging.Tests;

/// <summary>
/// The shared, once-per-run setup: packs every DotGym library and the template package (from the built outputs, with
/// a version no cache has seen) and the dotgym tool (for this machine's platform) into a temporary folder; creates a
/// project from the dotgym-env template under the system temp folder, outside the repository; builds it against
/// those packages only (its own nuget.config; a temporary NuGet package folder, with the user's package folder as a
/// read-only fallback for third-party packages such as TorchSharp, so nothing is downloaded twice).
/// </summary>
public sealed class PackedRepository : IDisposable
{
    public const string ProjectName = "Reach1DEnvs";
    public const string EnvId = "Reach1D-v0";
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(5);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "dotgym-packaging-" + Guid.NewGuid().ToString("N")[..12]);
    public string Repository { get; } = ChildProcess.RepositoryRoot();
    public string Packages => Path.Combine(Root, "packages");
    /// <summary>Where the restores of this run put packages (never the user's package folder).</summary>
    public string NuGetPackages => Path.Combine(Root, "nuget-packages");
    public string ProjectFolder => Path.Combine(Root, ProjectName);
    public string ProjectAssembly => Path.Combine(ProjectFolder, "bin", "Release", "net10.0", ProjectName + ".dll");
    /// <summary>dotnet new's settings for this run (the template package installed there), so the user's templates are untouched.</summary>
    public string TemplateHive => Path.Combine(Root, "template-hive");
    private readonly string _userPackages;

    /// <summary>The repository's single package version (Directory.Build.props).</summary>
    public string RepositoryVersion { get; }
    /// <summary>The libraries' and templates' version in this run: the repository version with a unique suffix.</summary>
    public string Version { get; }
    public string Log => _log.ToString();
    private readonly System.Text.StringBuilder _log = new();

    /// <summary>
    /// Environment of every child process: the temporary package folder, and hard links instead of copies for the
    /// packages' files in bin folders (MSBuild reads environment variables as properties), because each project that
    /// references TorchSharp would otherwise copy about 1.2 GB of LibTorch and CI machines have little disk.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = NuGetPackages,
        ["CreateHardLinksForCopyLocalIfPossible"] = "true",
        ["MSBuildWarningsAsMessages"] = "MSB3893",
    };

    public PackedRepository()
    {
        Directory.CreateDirectory(Packages);
        RepositoryVersion = XDocument.Load(Path.Combine(Repository, "Directory.Build.props")).Descendants("Version").Single().Value;
        Version = $"{RepositoryVersion}-test.g{Guid.NewGuid():N}"[..(RepositoryVersion.Length + 14)];
        string configuration = typeof(PackedRepository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        _userPackages = UserPackageFolder();

        foreach (var project in Libraries.Append("templates/DotGym.Templates/DotGym.Templates.csproj"))
            DotnetInRepository("pack", Path.Combine(Repository, project), "-c", configuration, "--no-build", "-p:Version=" + Version, "-o", Packages);
        // The tool builds for one platform (its package is per platform); the packing machine's libLibTorchSharp.so is patched.
        DotnetInRepository("pack", Path.Combine(Repository, "src/DotGym.Cli/DotGym.Cli.csproj"), "-c", configuration,
            "-p:ToolPackageRuntimeIdentifiers=" + ToolRid(), "-o", Packages);

        Dotnet(Root, "new", "install", Path.Combine(Packages, $"DotGym.Templates.{Version}.nupkg"), "--debug:custom-hive", TemplateHive);
        NewProject("dotgym-env", ProjectName);
        Dotnet(ProjectFolder, "build", "-c", "Release");
    }

    /// <summary>
    /// Creates <c>Root/NAME</c> from <paramref name="template"/> with a nuget.config that restores from the packed
    /// packages, the normal feed, and the user's package folder as a read-only fallback; returns the folder.
    /// </summary>
    public string NewProject(string template, string name)
    {
        string folder = Path.Combine(Root, name);
        Dotnet(Root, "new", template, "-n", name, "-o", folder, "--debug:custom-hive", TemplateHive);
        File.WriteAllText(Path.Combine(folder, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="dotgym-packed" value="{Packages}" />
              </packageSources>
              <fallbackPackageFolders>
                {(Directory.Exists(_userPackages) ? $"<add key=\"user-packages\" value=\"{_userPackages}\" />" : "")}
              </fallbackPackageFolders>
            </configuration>
            """);
        return folder;
    }

    /// <summary>
    /// The package folder this machine's restores use (NuGet's own answer: NUGET_PACKAGES, a nuget.config's
    /// globalPackagesFolder or ~/.nuget/packages), where the repository's build already put TorchSharp.
    /// </summary>
    private string UserPackageFolder()
    {
        string output = DotnetInRepository("nuget", "locals", "global-packages", "--list"); // not this run's NUGET_PACKAGES
        const string prefix = "global-packages:";
        string? line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null) throw new InvalidOperationException($"'dotnet nuget locals global-packages --list' printed no '{prefix}' line:\n{output}");
        return line[prefix.Length..].Trim();
    }

    /// <summary>The packable libraries, relative to the repository.</summary>
    public static readonly string[] Libraries =
    [
        "src/DotGym.Core/DotGym.Core.csproj", "envs/DotGym.Envs/DotGym.Envs.csproj", "src/DotGym.Agents/DotGym.Agents.csproj",
        "src/DotGym.Text/DotGym.Text.csproj", "envs/DotGym.Envs.Text/DotGym.Envs.Text.csproj", "src/DotGym.Rlhf/DotGym.Rlhf.csproj",
        "src/DotGym.Experiments/DotGym.Experiments.csproj", "src/DotGym.Remote/DotGym.Remote.csproj", "src/DotGym.Runtime/DotGym.Runtime.csproj",
        "src/DotGym.Export/DotGym.Export.csproj", "src/DotGym.Cluster/DotGym.Cluster.csproj",
    ];

    /// <summary>Runs dotnet in <paramref name="folder"/> and fails with its output unless it exits 0.</summary>
    public string Dotnet(string folder, params string[] arguments) => Run(ChildProcess.DotnetHost(), folder, arguments);

    /// <summary>Runs a program with this run's environment and fails with its output unless it exits 0.</summary>
    public string Run(string program, string folder, params string[] arguments) => Run(program, folder, Environment, arguments);

    /// <summary>
    /// Runs dotnet on the repository with the user's own environment: a restore there with this run's NUGET_PACKAGES
    /// would point the repository's obj/ assets at the temporary folder, which is gone after the run (the next build
    /// or pack then fails with "targeting pack NETStandard.Library is not installed").
    /// </summary>
    private string DotnetInRepository(params string[] arguments) => Run(ChildProcess.DotnetHost(), Repository, environment: null, arguments);

    private string Run(string program, string folder, IReadOnlyDictionary<string, string?>? environment, string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        var (code, output) = ChildProcess.Run(program, arguments, folder, Slow, environment);
        string line = $"[{clock.Elapsed.TotalSeconds:0.0} s] {Path.GetFileName(program)} {string.Join(' ', arguments)} (in {folder}) → exit {code}";
        lock (_log) _log.AppendLine(line);
        if (code != 0) throw new InvalidOperationException($"{line}\n{output}");
        return output;
    }

    /// <summary>The tool package's platform for this machine.</summary>
    public static string ToolRid() => (RuntimeInformation.OSArchitecture, OperatingSystem.IsLinux(), OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()) switch
    {
        (Architecture.X64, true, _, _) => "linux-x64",
        (Architecture.X64, _, true, _) => "win-x64",
        (Architecture.Arm64, _, _, true) => "osx-arm64",
        _ => throw new PlatformNotSupportedException($"dotgym's tool packages are linux-x64, win-x64 and osx-arm64 (src/DotGym.Cli ToolPackageRuntimeIdentifiers); this machine is {RuntimeInformation.RuntimeIdentifier}."),
    };

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The test classes that share one <see cref="PackedRepository"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PackedRepositoryCollection : ICollectionFixture<PackedRepository>
{
    public const string Name = "packed repository";
}
