using System.Runtime.CompilerServices;

namespace DotGym.Remote.Tests;

/// <summary>Registers the built-in envs once, before any test of this assembly runs (tests make them by id).</summary>
internal static class BuiltinEnvsModuleInitializer
{
#pragma warning disable CA2255 // a module initializer is the intended test-assembly-wide hook here
    [ModuleInitializer]
    internal static void RegisterBuiltinEnvs() => DotGym.Envs.BuiltinEnvs.Register();
#pragma warning restore CA2255
}
