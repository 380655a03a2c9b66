using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf.RewardModels;

/// <summary>
/// A linear scorer over <see cref="HashedNgramFeatures"/>: one weight per hash bucket plus a bias. The probe behind the
/// RLHF issue found such models learn sentiment and rankings of short reviews in seconds on a CPU, far better than a
/// transformer reward model started from the SFT policy in the same time. Trained with Adam from a seeded init.
/// </summary>
public sealed class LinearTextScorer : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;

    public LinearTextScorer(HashedNgramFeatures features, long seed) : base("LinearTextScorer")
    {
        Features = features;
        linear = nn.Linear(features.Dimensions, 1);
        using var generator = new Generator((ulong)seed, CPU);
        using (no_grad())
        {
            linear.weight!.normal_(0, 0.01, generator);
            linear.bias!.zero_();
        }
        RegisterComponents();
    }

    public HashedNgramFeatures Features { get; }

    /// <summary>One score per feature row <c>[B, Dimensions]</c> → <c>[B]</c>.</summary>
    public override Tensor forward(Tensor features) => linear.forward(features).squeeze(-1);

    /// <summary>The scores of <paramref name="texts"/> (no gradients), as doubles.</summary>
    public double[] Score(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return forward(Features.Encode(texts)).data<float>().ToArray().Select(v => (double)v).ToArray();
    }
}
