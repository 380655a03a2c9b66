using System.Diagnostics.CodeAnalysis;

namespace DotGym.Registration;

/// <summary>
/// Declares which type registers an assembly's envs: <c>[assembly: DotGymEnvs(typeof(MyEnvs.Registration))]</c>, where
/// the type implements <see cref="IEnvRegistration"/> and has a public parameterless constructor. DotGym.Core never reads
/// it (the registry uses no reflection); the <c>dotgym</c> command line reads it after loading an env assembly
/// (<c>--env-assembly PATH</c>, <c>dotgym.json</c>, or an id of the form <c>Assembly:EnvId</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class DotGymEnvsAttribute(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type registration) : Attribute
{
    /// <summary>The type implementing <see cref="IEnvRegistration"/> whose <see cref="IEnvRegistration.Register"/> registers the envs.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type Registration { get; } = registration;
}
