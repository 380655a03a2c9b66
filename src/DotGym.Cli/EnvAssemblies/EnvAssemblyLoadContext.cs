using System.Reflection;
using System.Runtime.Loader;

namespace DotGym.Cli.EnvAssemblies;

/// <summary>
/// Loads one env assembly and its dependencies from the assembly's own folder (its <c>.deps.json</c>, else the files
/// beside it), except the assemblies this dotgym itself ships (DotGym.*, TorchSharp, the framework): those resolve to
/// the command line's own copies, so <c>IEnv</c>, <c>Space</c> and the registry are the very types dotgym uses.
/// </summary>
internal sealed class EnvAssemblyLoadContext(string assemblyPath) : AssemblyLoadContext($"dotgym env assembly {Path.GetFileName(assemblyPath)}")
{
    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    private static readonly HashSet<string> Shipped = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(Path.GetFileNameWithoutExtension)
        .OfType<string>()
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether dotgym's own (default) load context has an assembly of this simple name.</summary>
    public static bool IsShipped(string simpleName) => Shipped.Contains(simpleName);

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is { } simple && IsShipped(simple)) return null; // the default context: dotgym's own copy
        return _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
