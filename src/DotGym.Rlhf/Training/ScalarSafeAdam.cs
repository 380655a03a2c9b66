using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Training;

/// <summary>
/// Adam / AdamW (decoupled weight decay) with every scalar operand held in a live <see cref="Scalar"/> for the whole
/// native call. Why not <c>torch.optim.Adam</c>: TorchSharp 0.107's optimizers pass doubles to native ops through
/// implicit <c>Scalar</c> conversions (<c>exp_avg_sq.sqrt() / Math.Sqrt(bias_correction2)</c>, <c>alpha: 1 - beta1</c>)
/// that nothing keeps alive, so a garbage collection during the call can finalise the native scalar mid-operation;
/// long RLHF runs died with "Expected false to be true ... toDouble at c10/core/Scalar.h:140" inside
/// <c>div_Scalar</c>. The update is the same as PyTorch's Adam: <c>m = β1 m + (1 − β1) g</c>,
/// <c>v = β2 v + (1 − β2) g²</c>, <c>p −= lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)</c>, with <c>p *= 1 − lr·wd</c> first.
/// </summary>
public sealed class ScalarSafeAdam : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _beta1, _beta2, _eps, _weightDecay;
    private long _step;

    public ScalarSafeAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be > 0.");
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException("The optimizer got no parameters.", nameof(parameters));
        LearningRate = learningRate;
        (_beta1, _beta2, _eps, _weightDecay) = (beta1, beta2, eps, weightDecay);
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public double LearningRate { get; set; }

    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.grad?.zero_();
    }

    /// <summary>Global gradient-norm clipping; returns the norm before clipping.</summary>
    public double ClipGradNorm(double maxNorm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = _parameters.Select(p => p.grad).Where(g => g is not null).ToList();
        if (grads.Count == 0) return 0;
        double norm = Math.Sqrt(grads.Sum(g => g!.square().sum().item<float>()));
        if (norm > maxNorm && norm > 0)
        {
            using var scale = (maxNorm / (norm + 1e-6)).ToScalar();
            foreach (var g in grads) g!.mul_(scale);
        }
        return norm;
    }

    public void Step()
    {
        _step++;
        using var noGrad = no_grad();
        using var beta1 = _beta1.ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var sqrtBiasCorrection2 = Math.Sqrt(1 - Math.Pow(_beta2, _step)).ToScalar();
        using var eps = _eps.ToScalar();
        using var stepSize = (-LearningRate / (1 - Math.Pow(_beta1, _step))).ToScalar();
        using var decay = (1 - LearningRate * _weightDecay).ToScalar();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is null) continue;
            if (_weightDecay != 0) _parameters[i].mul_(decay);
            _firstMoments[i].mul_(beta1).add_(grad, alpha: oneMinusBeta1);
            _secondMoments[i].mul_(beta2).addcmul_(grad, grad, value: oneMinusBeta2);
            using var denominator = _secondMoments[i].sqrt().div_(sqrtBiasCorrection2).add_(eps);
            _parameters[i].addcdiv_(_firstMoments[i], denominator, value: stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var t in _firstMoments) t.Dispose();
        foreach (var t in _secondMoments) t.Dispose();
    }
}
