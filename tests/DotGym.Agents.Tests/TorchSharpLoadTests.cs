using DotGym.Agents;
using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests;

/// <summary>
/// Proves the build's native fix works: on Debian 12 TorchSharp 0.107 only loads after the GLIBCXX_3.4.32
/// requirement of the output's libLibTorchSharp.so is marked weak (build/TorchSharpNativeFix.targets).
/// </summary>
public class TorchSharpLoadTests
{
    [Fact]
    public void CreatesATensorAndRunsABackwardPass()
    {
        var x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        var y = (x * x).sum();
        y.backward();
        Assert.Equal(new float[] { 2f, 4f, 6f }, x.grad!.data<float>().ToArray());
        Assert.StartsWith("2.", TorchRuntime.LibTorchVersion);
    }

    [Fact]
    public void TrainsASmallNetworkWithAdam()
    {
        torch.manual_seed(0);
        var net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1));
        var optimizer = optim.Adam(net.parameters(), lr: 0.05);
        var inputs = tensor(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 4, 2);
        var targets = tensor(new float[] { 0, 1, 1, 0 }, 4, 1);
        double first = 0, last = 0;
        for (int i = 0; i < 200; i++)
        {
            using var scope = NewDisposeScope();
            var loss = nn.functional.mse_loss(net.forward(inputs), targets);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (i == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.1, $"XOR loss should fall by 10x, went {first} -> {last}");
    }

    [Fact]
    public void UnknownDeviceIsRejectedClearly()
    {
        var e = Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu"));
        Assert.Contains("cpu, cuda", e.Message);
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu").type);
    }
}
