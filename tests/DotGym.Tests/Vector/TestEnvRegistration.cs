using DotGym.Registration;

namespace DotGym.Tests.Vector;

/// <summary>Registers the vector tests' random walk so that <c>Gym.MakeVec</c> can make it by id.</summary>
internal static class TestEnvRegistration
{
    public const string RandomWalkId = "DotGymTests/RandomWalk-v0";

    public static void EnsureRegistered() => _ = Registered.Value;

    private static readonly Lazy<bool> Registered = new(() =>
    {
        Gym.Register(RandomWalkId, kwargs =>
        {
            var args = new Kwargs(kwargs, RandomWalkId);
            var env = new RandomWalkEnv(args.Get("max_length", 6), args.Get("report_info", true));
            args.Get<string?>("render_mode", null);
            args.EnsureAllUsed();
            return env;
        }, maxEpisodeSteps: 5);
        return true;
    });
}
