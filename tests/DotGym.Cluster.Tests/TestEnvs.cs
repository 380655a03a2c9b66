using DotGym.Registration;
using DotGym.Wrappers;

namespace DotGym.Cluster.Tests;

/// <summary>Envs that misbehave on purpose, registered for the tests.</summary>
internal static class TestEnvs
{
    public const string Throwing = "DotGymTests/ThrowingCartPole-v0";
    public const string UnsendableInfo = "DotGymTests/UnsendableInfoCartPole-v0";

    public static void Register()
    {
        Gym.Register(Throwing, _ => new ThrowOnStep((Env<float[], int>)Gym.Make("CartPole-v1"), 5));
        Gym.Register(UnsendableInfo, _ => new WithUnsendableInfo((Env<float[], int>)Gym.Make("CartPole-v1")));
    }

    /// <summary>CartPole that throws on its <paramref name="failAt"/>-th step.</summary>
    private sealed class ThrowOnStep(Env<float[], int> env, int failAt) : Wrapper<float[], int>(env)
    {
        private int _steps;

        public override StepResult<float[]> Step(int action) =>
            ++_steps == failAt ? throw new InvalidOperationException("the simulator crashed (test)") : base.Step(action);
    }

    /// <summary>CartPole whose step info holds an object no silo can serialise.</summary>
    private sealed class WithUnsendableInfo(Env<float[], int> env) : Wrapper<float[], int>(env)
    {
        public override StepResult<float[]> Step(int action)
        {
            var result = base.Step(action);
            return result with { Info = Infos.With(result.Info, "handle", new object()) };
        }
    }
}
