using DotGym.Vector;
using FsCheck;
using FsCheck.Xunit;

namespace DotGym.Tests.Vector;

/// <summary>A vector env of N copies equals N single envs stepped by hand, in every autoreset mode, sync and threaded.</summary>
public class VectorEnvPropertyTests
{
    [Property(MaxTest = 60)]
    public void RandomWalkVectorEqualsHandSteppedEnvs(PositiveInt numEnvs, NonNegativeInt seed, NonNegativeInt mode, bool threaded, PositiveInt steps) =>
        VectorHarness.AssertMatchesHandStepped(_ => new RandomWalkEnv(), 1 + (numEnvs.Get - 1) % 7, seed.Get, (AutoresetMode)(mode.Get % 3),
            threaded, 1 + steps.Get % 40, VectorHarness.SameBits);

    [Property(MaxTest = 30)]
    public void DiscreteObservationVectorEqualsHandSteppedEnvs(PositiveInt numEnvs, NonNegativeInt seed, NonNegativeInt mode, bool threaded, PositiveInt steps) =>
        VectorHarness.AssertMatchesHandStepped(_ => new CountdownEnv(), 1 + (numEnvs.Get - 1) % 5, seed.Get, (AutoresetMode)(mode.Get % 3),
            threaded, 1 + steps.Get % 30, (a, b) => a == b);

    [Theory]
    [InlineData(AutoresetMode.NextStep, false)]
    [InlineData(AutoresetMode.SameStep, false)]
    [InlineData(AutoresetMode.Disabled, false)]
    [InlineData(AutoresetMode.NextStep, true)]
    [InlineData(AutoresetMode.SameStep, true)]
    [InlineData(AutoresetMode.Disabled, true)]
    public void ManyEnvsOverManyEpisodesMatchHandStepped(AutoresetMode mode, bool threaded) =>
        VectorHarness.AssertMatchesHandStepped(_ => new RandomWalkEnv(maxLength: 4), 33, 2024, mode, threaded, 60, VectorHarness.SameBits);
}
