using DotGym.Agents.Policies;
using DotGym.Registration;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DotGym.Agents.Tests;

/// <summary>
/// A small CNN over GridWorld's C×H×W observation, written here (outside the agents project) against the public
/// <see cref="IPolicyNetwork"/>: a shared 3×3 convolution trunk, then an actor head and a critic head. It reads the
/// [B, 4, H, W] float tensor exactly as the env produces it (no flattening by the agent).
/// </summary>
public sealed class GridCnnPolicy : nn.Module, IPolicyNetwork
{
    private readonly Conv2d conv;
    private readonly Linear actor;
    private readonly Linear critic;

    public GridCnnPolicy(PolicyContext context) : base("GridCnnPolicy")
    {
        var shape = context.Observation.Shape;
        if (context.Observation.Kind != ObservationKind.Float || shape.Length != 3)
            throw new ArgumentException($"GridCnnPolicy reads C×H×W float observations, not {context.Observation}.");
        int channels = shape[0], cells = shape[1] * shape[2];
        conv = nn.Conv2d(channels, 8, kernel_size: 3, padding: 1);
        OrthogonalInit.Fill(conv.weight!, Math.Sqrt(2), context.InitGenerator);
        using (no_grad()) conv.bias!.zero_();
        actor = MlpPolicy.Layer(8 * cells, context.Layout.ActorOutputWidth, 0.01, context.InitGenerator);
        critic = MlpPolicy.Layer(8 * cells, 1, 1.0, context.InitGenerator);
        RegisterComponents();
        this.to(context.Device);
    }

    public nn.Module Module => this;
    public bool HasCritic => true;
    public Tensor? LogStd => null;

    private Tensor Features(Tensor observations) => nn.functional.relu(conv.forward(observations)).flatten(1);
    public Tensor ActorOutput(Tensor observations) => actor.forward(Features(observations));
    public Tensor Value(Tensor observations) => critic.forward(Features(observations)).squeeze(-1);
}

public class CnnPolicyTests(ITestOutputHelper output)
{
    private static IEnv MakeGrid() => Gym.Make("GridWorld-4x4-v0", new Dictionary<string, object> { ["observation"] = "channels" });

    [Fact]
    public void StockPpoWithAUserCnnSolvesTheGridWorldPreset()
    {
        var config = new PpoConfig { Seed = 1, NumEnvs = 8, NSteps = 32, NumMinibatches = 2, LearningRate = 3e-3 };
        using var agent = new Ppo(MakeGrid, config, policyNetwork: context => new GridCnnPolicy(context));
        Assert.IsType<GridCnnPolicy>(agent.Policy.Network);
        Assert.Equal(new ObservationFormat(ObservationKind.Float, [4, 4, 4]), agent.Policy.Observation);

        var result = agent.Learn(30_000);
        using var env = MakeGrid();
        var evaluation = agent.Evaluate(env, 1, seed: 0);
        output.WriteLine($"CNN PPO: {result.GlobalStep} steps, {result.WallSeconds:F1}s, eval return {evaluation.Returns[0]:F2} in {evaluation.Lengths[0]} steps");
        Assert.Equal(6, evaluation.Lengths[0]); // the preset's shortest path
        Assert.Equal(1.0, evaluation.Returns[0], 9);
    }

    [Fact]
    public void AUserNetworkSurvivesACheckpointRoundTrip()
    {
        var config = new PpoConfig { Seed = 2, NumEnvs = 2, NSteps = 8, NumMinibatches = 1, UpdateEpochs = 1 };
        PolicyNetworkFactory cnn = context => new GridCnnPolicy(context);
        string path = Path.Combine(Path.GetTempPath(), $"dotgym-cnn-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var agent = new Ppo(MakeGrid, config, policyNetwork: cnn);
            agent.Learn(64);
            agent.Save(path);
            using var loaded = Agent.Load(path, c => Gym.MakeVec(MakeGrid, c.NumEnvs), policyNetwork: cnn);
            var before = agent.Policy.Network.Module.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
            var after = loaded.Policy.Network.Module.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
            Assert.Equal(before, after);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ANetworkWithoutACriticIsRefusedByACriticAlgorithm()
    {
        var e = Assert.Throws<ArgumentException>(() => new Ppo(MakeGrid, new PpoConfig { NumEnvs = 1 }, policyNetwork: context => new ActorOnly(context)));
        Assert.Contains("needs a critic", e.Message);
    }

    private sealed class ActorOnly(PolicyContext context) : nn.Module("ActorOnly"), IPolicyNetwork
    {
        private readonly Linear head = nn.Linear(context.Observation.FlatSize, context.Layout.ActorOutputWidth);
        public nn.Module Module => this;
        public bool HasCritic => false;
        public Tensor? LogStd => null;
        public Tensor ActorOutput(Tensor observations) => head.forward(observations.flatten(1));
        public Tensor Value(Tensor observations) => throw new NotSupportedException();
    }
}
