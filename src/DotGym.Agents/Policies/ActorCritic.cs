using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Agents.Policies;

/// <summary>
/// Separate actor and critic MLPs (CleanRL: no shared trunk), each <c>obs → hidden… → out</c> with tanh (or ReLU).
/// Initialisation follows CleanRL's <c>layer_init</c>: orthogonal weights with gain sqrt(2) on hidden layers, 0.01 on
/// the actor's output (near-uniform first policy), 1 on the critic's output; biases 0. Gaussian policies add a learned
/// state-independent <c>log_std</c> vector. The critic is optional (REINFORCE without a baseline has none).
/// </summary>
internal sealed class ActorCritic : nn.Module
{
    private readonly Sequential actor;
    private readonly Sequential? critic;
    private readonly Parameter? log_std;
    private readonly ActionLayout _layout;

    public ActorCritic(int obsDim, ActionLayout layout, IReadOnlyList<int> hidden, string activation, bool withCritic,
        double logStdInit, Generator initGenerator, Device device) : base("ActorCritic")
    {
        _layout = layout;
        actor = Mlp(obsDim, hidden, layout.ActorOutputWidth, activation, outputGain: 0.01, initGenerator);
        if (withCritic) critic = Mlp(obsDim, hidden, 1, activation, outputGain: 1.0, initGenerator);
        if (layout.Kind == ActionKind.DiagonalGaussian)
            log_std = nn.Parameter(full(1, layout.ActionWidth, logStdInit, dtype: ScalarType.Float32));
        RegisterComponents();
        this.to(device);
    }

    public bool HasCritic => critic is not null;

    /// <summary>V(s) per row.</summary>
    public Tensor Value(Tensor obs) =>
        (critic ?? throw new InvalidOperationException("This policy has no critic (baseline disabled).")).forward(obs).squeeze(-1);

    /// <summary>Samples actions (float [B, ActionWidth]) and returns their log-probabilities [B].</summary>
    public (Tensor Actions, Tensor LogProb) Sample(Tensor obs, Tensor? mask, Generator generator)
    {
        var output = actor.forward(obs);
        switch (_layout.Kind)
        {
            case ActionKind.DiagonalGaussian:
            {
                var action = DiagonalGaussian.Sample(output, log_std!, generator);
                return (action, DiagonalGaussian.LogProb(output, log_std!, action));
            }
            case ActionKind.Categorical:
            {
                var logits = Categorical.Mask(output, mask);
                var index = Categorical.Sample(logits, generator);
                return (index.unsqueeze(-1).to(ScalarType.Float32), Categorical.LogProb(logits, index));
            }
            default:
            {
                var indices = new Tensor[_layout.Categories.Length];
                Tensor? logProb = null;
                int offset = 0;
                for (int c = 0; c < indices.Length; c++)
                {
                    var logits = Component(output, mask, offset, _layout.Categories[c]);
                    indices[c] = Categorical.Sample(logits, generator);
                    var lp = Categorical.LogProb(logits, indices[c]);
                    logProb = logProb is null ? lp : logProb + lp;
                    offset += _layout.Categories[c];
                }
                return (stack(indices, -1).to(ScalarType.Float32), logProb!);
            }
        }
    }

    /// <summary>Log-probabilities [B] and entropies [B] of stored <paramref name="actions"/> under the current policy.</summary>
    public (Tensor LogProb, Tensor Entropy) Evaluate(Tensor obs, Tensor? mask, Tensor actions)
    {
        var output = actor.forward(obs);
        switch (_layout.Kind)
        {
            case ActionKind.DiagonalGaussian:
                return (DiagonalGaussian.LogProb(output, log_std!, actions), DiagonalGaussian.Entropy(output, log_std!));
            case ActionKind.Categorical:
            {
                var logits = Categorical.Mask(output, mask);
                var index = actions.select(-1, 0).to(ScalarType.Int64);
                return (Categorical.LogProb(logits, index), Categorical.Entropy(logits));
            }
            default:
            {
                Tensor? logProb = null, entropy = null;
                int offset = 0;
                for (int c = 0; c < _layout.Categories.Length; c++)
                {
                    var logits = Component(output, mask, offset, _layout.Categories[c]);
                    var index = actions.select(-1, c).to(ScalarType.Int64);
                    var lp = Categorical.LogProb(logits, index);
                    var h = Categorical.Entropy(logits);
                    logProb = logProb is null ? lp : logProb + lp;
                    entropy = entropy is null ? h : entropy + h;
                    offset += _layout.Categories[c];
                }
                return (logProb!, entropy!);
            }
        }
    }

    /// <summary>The deterministic action: the Gaussian mean, or the most likely (legal) index per component.</summary>
    public Tensor Mode(Tensor obs, Tensor? mask)
    {
        var output = actor.forward(obs);
        if (_layout.Kind == ActionKind.DiagonalGaussian) return output;
        var indices = new Tensor[_layout.Categories.Length];
        int offset = 0;
        for (int c = 0; c < indices.Length; c++)
        {
            indices[c] = Categorical.Mode(Component(output, mask, offset, _layout.Categories[c]));
            offset += _layout.Categories[c];
        }
        return stack(indices, -1).to(ScalarType.Float32);
    }

    private static Tensor Component(Tensor output, Tensor? mask, int offset, int width) =>
        Categorical.Mask(output.narrow(-1, offset, width), mask?.narrow(-1, offset, width));

    private static Sequential Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, string activation, double outputGain, Generator generator)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = inputs;
        for (int k = 0; k < hidden.Count; k++)
        {
            layers.Add(($"linear{k}", Layer(width, hidden[k], Math.Sqrt(2), generator)));
            layers.Add(($"act{k}", activation == "relu" ? nn.ReLU() : nn.Tanh()));
            width = hidden[k];
        }
        layers.Add(("out", Layer(width, outputs, outputGain, generator)));
        return nn.Sequential(layers);
    }

    private static Linear Layer(int inputs, int outputs, double gain, Generator generator)
    {
        var linear = nn.Linear(inputs, outputs);
        OrthogonalInit.Fill(linear.weight!, gain, generator);
        using (no_grad()) linear.bias!.zero_();
        return linear;
    }
}
