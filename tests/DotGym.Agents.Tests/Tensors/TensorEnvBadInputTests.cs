using DotGym.Agents.Tensors;
using DotGym.Vector;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests.Tensors;

/// <summary>Bad actions fail before anything moves, with a message that names the problem and the fix.</summary>
public class TensorEnvBadInputTests
{
    private static TensorCartPole Started()
    {
        var env = new TensorCartPole(8);
        env.ResetTensors(seed: 1);
        return env;
    }

    [Fact]
    public void WrongShapeNamesTheExpectedShape()
    {
        using var env = Started();
        var e = Assert.Throws<ArgumentException>(() => env.StepTensors(zeros(7, dtype: ScalarType.Int64)));
        Assert.Contains("shape [7]", e.Message);
        Assert.Contains("[8]", e.Message);
        Assert.Throws<ArgumentException>(() => env.StepTensors(zeros([8, 2], dtype: ScalarType.Int64)));
    }

    [Fact]
    public void FloatActionsAskForAnIntegerTensor()
    {
        using var env = Started();
        var e = Assert.Throws<ArgumentException>(() => env.StepTensors(zeros(8, dtype: ScalarType.Float32)));
        Assert.Contains("Float32", e.Message);
        Assert.Contains("actions.to(ScalarType.Int64)", e.Message);
    }

    [Fact]
    public void OutOfRangeActionNamesItsIndexAndTheRange()
    {
        using var env = Started();
        var before = env.State.clone();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => env.StepTensors(tensor(new long[] { 0, 1, 0, 2, 0, 0, 0, 0 })));
        Assert.Contains("actions[3] = 2", e.Message);
        Assert.Contains("0 to 1", e.Message);
        Assert.True(before.eq(env.State).all().item<bool>(), "nothing moved");
    }

    [Fact]
    public void IntegerColumnAndInt32ActionsAreAccepted()
    {
        using var env = Started();
        env.StepTensors(ones([8, 1], dtype: ScalarType.Int64));
        env.StepTensors(ones(8, dtype: ScalarType.Int32));
    }

    [Fact]
    public void StepBeforeResetAndUnsupportedEnvsFailClearly()
    {
        using var env = new TensorCartPole(2);
        var e = Assert.Throws<DotGym.Wrappers.ResetNeededException>(() => env.StepTensors(zeros(2, dtype: ScalarType.Int64)));
        Assert.Contains("Reset(seed)", e.Message);
        var unsupported = Assert.Throws<NotSupportedException>(() => TensorEnvs.Make("Pendulum-v1", 4));
        Assert.Contains("CartPole-v1", unsupported.Message);
        Assert.Contains("--vectorization", unsupported.Message);
    }

    [Theory]
    [InlineData("MountainCar-v0")]
    [InlineData("Acrobot-v1")]
    public void ClassicControlTensorEnvsRejectBadActionsBeforeAnythingMoves(string id)
    {
        using var scope = NewDisposeScope();
        using var env = TensorEnvs.Make(id, 4, stateType: ScalarType.Float64);
        Assert.Contains(id, TensorEnvs.Ids);
        Assert.True(TensorEnvs.Supports(id));
        env.ResetTensors(seed: 2);
        var before = env.Observations.clone();
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => env.StepTensors(tensor(new long[] { 0, 1, 3, 2 })));
        Assert.Contains("actions[2] = 3", range.Message);
        Assert.Contains("0 to 2", range.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => env.StepTensors(tensor(new long[] { -1, 1, 1, 2 })));
        Assert.Contains("actions[0] = -1", negative.Message);
        var dtype = Assert.Throws<ArgumentException>(() => env.StepTensors(zeros(4, dtype: ScalarType.Float32)));
        Assert.Contains("actions.to(ScalarType.Int64)", dtype.Message);
        var shape = Assert.Throws<ArgumentException>(() => env.StepTensors(zeros([4, 3], dtype: ScalarType.Int64)));
        Assert.Contains("[4]", shape.Message);
        Assert.True(before.eq(env.Observations).all().item<bool>(), "nothing moved");
        env.StepTensors(tensor(new long[] { 0, 1, 2, 2 })); // and good actions still step
    }

    [Fact]
    public void ActionsOnAnotherDeviceNameBothDevices()
    {
        // Without CUDA a tensor on another device cannot be made here; the device check is exercised through a meta tensor.
        using var env = Started();
        var e = Assert.Throws<ArgumentException>(() => env.StepTensors(zeros(8, dtype: ScalarType.Int64, device: META)));
        Assert.Contains("meta", e.Message);
        Assert.Contains("actions.to(env.Device)", e.Message);
    }
}
