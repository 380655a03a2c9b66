using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;

namespace DotGym.Agents;

/// <summary>
/// Settings every learner shares. Property names map to snake_case keys (<c>learning_rate</c>, <c>num_envs</c>...) in
/// presets, checkpoints and <c>key=value</c> overrides (see <see cref="ConfigBinder"/>).
/// </summary>
public abstract record AgentConfig
{
    /// <summary>The algorithm's short name (<c>ppo</c>, <c>a2c</c>, <c>reinforce</c>).</summary>
    [JsonIgnore] public abstract string Algorithm { get; }

    /// <summary>Seeds env resets (env i gets seed + i), network init, action sampling and minibatch shuffling.</summary>
    public long Seed { get; init; } = 1;

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Env copies stepped together (each rollout step feeds one batch of num_envs observations to the network).</summary>
    public int NumEnvs { get; init; } = 1;

    /// <summary>Hidden layer widths of both the actor and the critic MLP.</summary>
    public int[] HiddenSizes { get; init; } = [64, 64];

    /// <summary><c>tanh</c> (CleanRL) or <c>relu</c>.</summary>
    public string Activation { get; init; } = "tanh";

    public double LearningRate { get; init; } = 2.5e-4;

    /// <summary>Linear learning-rate decay to 0 over the <c>Learn</c> budget.</summary>
    public bool AnnealLr { get; init; } = true;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Weight of the entropy bonus in the loss.</summary>
    public double EntCoef { get; init; } = 0.0;

    /// <summary>Weight of the value loss in the loss.</summary>
    public double VfCoef { get; init; } = 0.5;

    /// <summary>Global gradient-norm clip (0 = off).</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Adam's epsilon (CleanRL: 1e-5 instead of PyTorch's 1e-8).</summary>
    public double AdamEps { get; init; } = 1e-5;

    /// <summary>Running observation normalisation (statistics saved in checkpoints).</summary>
    public bool NormalizeObservations { get; init; }

    /// <summary>Normalised observations are clipped to [-clip_observations, clip_observations].</summary>
    public double ClipObservations { get; init; } = 10;

    /// <summary>Reward scaling by the running std of the discounted return.</summary>
    public bool NormalizeRewards { get; init; }

    /// <summary>Scaled rewards are clipped to [-clip_rewards, clip_rewards].</summary>
    public double ClipRewards { get; init; } = 10;

    /// <summary>
    /// Gaussian (Box) actions: clip the sampled action to the Box bounds before <c>env.Step</c> (CleanRL's
    /// <c>ClipAction</c>); the unclipped sample is what the learner stores and scores. Off: the env gets the raw sample.
    /// </summary>
    public bool ClipActions { get; init; } = true;

    /// <summary>Initial log standard deviation of Gaussian policies (with <see cref="UseSde"/>: of every entry of the noise weights' std).</summary>
    public double LogStdInit { get; init; }

    /// <summary>
    /// Box actions: generalised state-dependent exploration (gSDE, Raffin et al. 2021; SB3's <c>use_sde</c>). The
    /// noise added to the Gaussian mean is <c>f(s) · W</c>, with <c>f(s)</c> the actor's last hidden features and each
    /// env's <c>W ~ N(0, exp(log_std)^2)</c> (a <c>features x actions</c> matrix) drawn once per rollout (or every
    /// <see cref="SdeSampleFreq"/> steps): the noise changes smoothly with the state, so exploration is consistent
    /// over an episode (MountainCarContinuous swings up with it; with independent noise per step it rarely does).
    /// The policy's distribution is then <c>N(mean, f(s)^2 · exp(log_std)^2)</c>, learned through log_std; the
    /// features enter it without gradient (SB3's default learn_features=False).
    /// </summary>
    public bool UseSde { get; init; }

    /// <summary>With <see cref="UseSde"/>: steps between draws of the noise weights (-1: once at the start of each rollout, SB3's default).</summary>
    public int SdeSampleFreq { get; init; } = -1;

    /// <summary>
    /// Invalid-action masking: null = use masks when the env provides them, true = require them (Discrete or
    /// MultiDiscrete actions only), false = ignore them.
    /// </summary>
    public bool? ActionMasks { get; init; }

    /// <summary>
    /// LibTorch intra-op threads, a process-wide setting (0 = leave LibTorch's default, one per core). Default 1:
    /// the small MLPs here are dominated by per-op overhead, and on a busy 2-core machine 2 threads ran PPO about
    /// 10x slower than 1 (measured). Raise it for wide networks or large minibatches on an idle machine.
    /// </summary>
    public int TorchThreads { get; init; } = 1;

    /// <summary>Throws a clear <see cref="ArgumentException"/> for out-of-range settings.</summary>
    public virtual void Validate()
    {
        Require(Seed >= 0, "seed", Seed, "must be >= 0");
        Require(NumEnvs >= 1, "num_envs", NumEnvs, "must be >= 1");
        Require(HiddenSizes is not null && HiddenSizes.All(h => h >= 1), "hidden_sizes", HiddenSizes is null ? "null" : $"[{string.Join(", ", HiddenSizes)}]", "must be a list of positive widths (e.g. [64, 64]; [] for a linear policy)");
        Require(Activation is "tanh" or "relu", "activation", Activation, "must be tanh or relu");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "learning_rate", LearningRate, "must be a positive number");
        Require(Gamma is >= 0 and <= 1, "gamma", Gamma, "must be in [0, 1]");
        Require(EntCoef >= 0, "ent_coef", EntCoef, "must be >= 0");
        Require(VfCoef >= 0, "vf_coef", VfCoef, "must be >= 0");
        Require(MaxGradNorm >= 0, "max_grad_norm", MaxGradNorm, "must be >= 0 (0 turns clipping off)");
        Require(AdamEps > 0, "adam_eps", AdamEps, "must be > 0");
        Require(ClipObservations > 0, "clip_observations", ClipObservations, "must be > 0");
        Require(ClipRewards > 0, "clip_rewards", ClipRewards, "must be > 0");
        Require(SdeSampleFreq == -1 || SdeSampleFreq >= 1, "sde_sample_freq", SdeSampleFreq, "must be -1 (draw the noise once per rollout) or >= 1 (every that many steps)");
        Require(TorchThreads >= 0, "torch_threads", TorchThreads, "must be >= 0 (0 = LibTorch default)");
        Require(Device is not null, "device", "null", "must be cpu, cuda, cuda:N or auto");
    }

    /// <summary>
    /// The shared settings for the record's <c>ToString()</c>, readable and culture-independent:
    /// <c>PpoConfig { Algorithm = ppo, Seed = 1, ..., HiddenSizes = [64, 64], ... }</c> (lists as <c>[a, b]</c>,
    /// numbers in the invariant culture). Derived configs append their own settings after these.
    /// </summary>
    protected virtual bool PrintMembers(StringBuilder builder)
    {
        bool first = true;
        foreach (var property in typeof(AgentConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            if (!first) builder.Append(", ");
            first = false;
            builder.Append(property.Name).Append(" = ").Append(FormatSetting(property.GetValue(this)));
        }
        return true;
    }

    /// <summary>One setting as text: lists as <c>[a, b]</c>, numbers invariant, null as <c>null</c>.</summary>
    internal static string FormatSetting(object? value) => value switch
    {
        null => "null",
        string text => text,
        bool flag => flag ? "True" : "False",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(FormatSetting)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>Throws naming the setting, its value and the rule.</summary>
    protected void Require(bool condition, string key, object? value, string rule)
    {
        if (!condition) throw new ArgumentException($"{Algorithm} config: {key} = {value} {rule}.");
    }
}
