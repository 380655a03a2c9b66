using System.Reflection;
using System.Runtime.Loader;
using DotGym.Registration;

namespace DotGym.Cli.EnvAssemblies;

/// <summary>
/// Loads env assemblies (<c>--env-assembly</c>, <c>dotgym.json</c>, <c>Assembly:EnvId</c>) and runs the registration
/// each declares with <see cref="DotGymEnvsAttribute"/>; remembers which assembly registered which env id, so a run
/// records where its env came from. Every failure is a <see cref="CliException"/> naming the file and the fix.
/// </summary>
internal static class EnvAssemblyLoader
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Assembly> LoadedByPath = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> SourceById = new(StringComparer.Ordinal);

    /// <summary>The full path of the env assembly that registered <paramref name="envId"/>, or null for envs dotgym ships.</summary>
    public static string? SourceOf(string envId)
    {
        lock (Gate) return SourceById.GetValueOrDefault(envId);
    }

    /// <summary>The env ids the assembly at <paramref name="fullPath"/> registered.</summary>
    public static IReadOnlyList<string> IdsFrom(string fullPath)
    {
        lock (Gate) return SourceById.Where(p => p.Value == fullPath).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether an env assembly of this simple name (e.g. "MyEnvs") is loaded; its full path if so.</summary>
    public static string? LoadedPathOf(string simpleName)
    {
        lock (Gate)
            return LoadedByPath.FirstOrDefault(p => string.Equals(p.Value.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase)).Key;
    }

    /// <summary>
    /// Loads the assembly at <paramref name="path"/> (once per full path) and registers its envs.
    /// <paramref name="origin"/> says where the path came from, for the error messages (e.g. "--env-assembly").
    /// </summary>
    /// <returns>The assembly's full path.</returns>
    public static string Load(string path, string origin)
    {
        string full = Path.GetFullPath(path);
        lock (Gate)
        {
            if (LoadedByPath.ContainsKey(full)) return full;
            if (Directory.Exists(full))
                throw new CliException($"{origin} '{path}' is a folder ({full}); pass the env assembly's .dll inside it, e.g. {Path.Combine(path, "MyEnvs.dll")}.");
            if (!File.Exists(full))
                throw new CliException($"{origin} '{path}': no such file ({full}). Build your env project first (dotnet build -c Release) and pass the .dll it writes, e.g. bin/Release/net10.0/MyEnvs.dll.");
            AssemblyName name;
            try
            {
                name = AssemblyName.GetAssemblyName(full);
            }
            catch (BadImageFormatException e)
            {
                throw new CliException($"{origin} '{path}' is not a .NET assembly ({e.Message.TrimEnd('.')}). Pass the .dll that `dotnet build` writes for your env project, not its native launcher, a source file or a native library.");
            }
            var assembly = LoadAssembly(full, name, origin, path);
            var attributes = ReadAttributes(assembly, origin, path);
            var before = Gym.Registry.ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var attribute in attributes) Run(attribute.Registration, origin, path);
            var registered = Gym.Registry.Where(s => !before.TryGetValue(s.Id, out var old) || !ReferenceEquals(old, s)).Select(s => s.Id).ToList();
            bool shared = EnvAssemblyLoadContext.IsShipped(name.Name ?? "");
            if (registered.Count == 0 && !shared)
                throw new CliException($"{origin} '{path}': {string.Join(", ", attributes.Select(a => a.Registration.FullName))}.Register() registered no env. Call Gym.Register(\"MyEnv-v0\", ...) there for each env, then rebuild.");
            foreach (var id in registered) SourceById[id] = full;
            LoadedByPath[full] = assembly;
            return full;
        }
    }

    private static Assembly LoadAssembly(string full, AssemblyName name, string origin, string path)
    {
        try
        {
            // An assembly dotgym ships (DotGym.Envs, ...) is dotgym's own copy: loading a second one would split its types.
            if (name.Name is { } simple && EnvAssemblyLoadContext.IsShipped(simple))
                return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(simple));
            return new EnvAssemblyLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new CliException($"{origin} '{path}' could not be loaded: {e.Message} Build it for .NET 10 against the DotGym packages of this dotgym ({Versions()}).");
        }
    }

    private static List<DotGymEnvsAttribute> ReadAttributes(Assembly assembly, string origin, string path)
    {
        List<DotGymEnvsAttribute> attributes;
        try
        {
            attributes = assembly.GetCustomAttributes<DotGymEnvsAttribute>().ToList();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw new CliException($"{origin} '{path}': its [assembly: DotGymEnvs(...)] attribute could not be read ({e.Message}). Reference the DotGym packages of this dotgym ({Versions()}) and keep the assembly's dependencies beside it (build output folder).");
        }
        if (attributes.Count == 0)
            throw new CliException($"{origin} '{path}' ({assembly.GetName().Name}) declares no envs: it has no [assembly: DotGym.Registration.DotGymEnvs(typeof(...))] attribute. "
                + "Add one naming a public class that implements DotGym.Registration.IEnvRegistration and calls Gym.Register(...) in Register(), then rebuild "
                + "(e.g. `dotnet new dotgym-env` shows it).");
        return attributes;
    }

    private static void Run(Type type, string origin, string path)
    {
        if (!typeof(IEnvRegistration).IsAssignableFrom(type))
            throw new CliException($"{origin} '{path}': [assembly: DotGymEnvs(typeof({type.FullName}))] names a type that does not implement DotGym.Registration.IEnvRegistration. Add `: IEnvRegistration` with a public `void Register()`.");
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw new CliException($"{origin} '{path}': {type.FullName} (named by [assembly: DotGymEnvs]) needs a public parameterless constructor and must not be abstract or static, so dotgym can create it.");
        try
        {
            ((IEnvRegistration)Activator.CreateInstance(type)!).Register();
        }
        catch (Exception e)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw new CliException($"{origin} '{path}': {type.FullName}.Register() threw {cause.GetType().Name}: {cause.Message} Fix the registration (a unit test calling new {type.Name}().Register() reproduces it) and rebuild.");
        }
    }

    private static string Versions() => $"DotGym.Core {typeof(Gym).Assembly.GetName().Version}";
}
