using DotGym.Envs;
using DotGym.Registration;

namespace DotGym.Tests.Registration;

/// <summary>Explicit, reflection-free registration of the built-in envs, and the error that says how to do it.</summary>
public class BuiltinRegistrationTests
{
    private const string Hint = "call DotGym.Envs.BuiltinEnvs.Register() once at startup";

    [Fact]
    public void RegisterIsIdempotentAndThreadSafe()
    {
        var before = Gym.Registry.Select(s => s.Id).ToArray();
        Parallel.For(0, 16, _ => BuiltinEnvs.Register());
        Assert.Equal(before, Gym.Registry.Select(s => s.Id).ToArray());
        foreach (var id in new[] { "CartPole-v1", "FrozenLake-v1", "Taxi-v4", "Blackjack-v1", "GridWorld-4x4-v0", "Acrobot-v1" })
            Assert.Same(Gym.Spec(id), Gym.Spec(id));
    }

    [Fact]
    public void AnEmptyRegistryOrAnUnregisteredBuiltinFamilyPointsAtBuiltinEnvsRegister()
    {
        Assert.Contains(Hint, Gym.UnknownIdMessage("MyEnv-v0", []));
        Assert.Contains("empty", Gym.UnknownIdMessage("MyEnv-v0", []));
        Assert.Contains(Hint, Gym.UnknownIdMessage("CartPole-v1", ["MyEnv-v0"]));
        Assert.Contains(Hint, Gym.UnknownIdMessage("frozenlake-v1", ["MyEnv-v0"]));
    }

    [Fact]
    public void ATypoOfARegisteredIdSuggestsTheClosestIds()
    {
        var message = Gym.UnknownIdMessage("CartPole-v9", ["CartPole-v0", "CartPole-v1", "MyEnv-v0"]);
        Assert.DoesNotContain(Hint, message);
        Assert.Contains("'CartPole-v1'", message);
        var error = Assert.Throws<UnknownEnvException>(() => Gym.Spec("CartPole-v9"));
        Assert.DoesNotContain(Hint, error.Message);
    }
}
