namespace DotGym.Wrappers;

/// <summary>
/// Checks the first reset and step against the env's spaces (Gymnasium's <c>PassiveEnvChecker</c>).
/// Placeholder pass-through until the checker work item lands.
/// </summary>
public sealed class PassiveEnvChecker<TObs, TAct> : Wrapper<TObs, TAct>
{
    public PassiveEnvChecker(Env<TObs, TAct> env) : base(env) { }
}
