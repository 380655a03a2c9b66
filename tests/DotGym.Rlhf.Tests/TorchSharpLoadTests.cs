using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

/// <summary>Proves this project's output carries a loadable (Debian 12-patched) libLibTorchSharp.so.</summary>
public class TorchSharpLoadTests
{
    [Fact]
    public void CreatesATensorAndRunsABackwardPass()
    {
        using var x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        Assert.Equal(new float[] { 2f, 4f, 6f }, x.grad!.data<float>().ToArray());
    }
}
