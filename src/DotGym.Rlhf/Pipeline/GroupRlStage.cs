using DotGym.Agents.Logging;
using DotGym.Rlhf.Checkpoints;
using DotGym.Rlhf.Training;
using DotGym.Text.Data;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Pipeline;

/// <summary>
/// Stage 4, <c>dotgym rlhf grpo</c> and <c>dotgym rlhf rloo</c>: the value-free trainers on the verifiable task
/// (two-digit addition, exact-match reward), from the arithmetic SFT model, which is also their frozen reference.
/// Measures sampled (temperature 1) and greedy accuracy before and after. Writes <c>grpo/</c> or <c>rloo/</c>,
/// <c>metrics_STAGE.csv</c>, <c>STAGE_curves.png</c> and <c>STAGE.json</c>.
/// </summary>
public static class GroupRlStage
{
    /// <summary>The stage (and command) name of a baseline: grpo or rloo.</summary>
    public static string NameOf(GroupBaseline baseline) => baseline == GroupBaseline.Grpo ? "grpo" : "rloo";

    public static GroupStageResult Run(RlhfPipelineOptions o, RlhfRunFolder run, GroupBaseline baseline, Action<RlhfProgress>? progress = null,
        Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(run);
        device ??= CPU;
        long seed = o.Seed;
        string name = NameOf(baseline);
        var codec = RlhfTasks.ArithmeticCodec(o);
        string sftDir = run.Require(SftStage.Name, run.ArithmeticSftModel);
        using var policy = GptCheckpoint.Load(sftDir, device);
        using var reference = GptCheckpoint.Load(sftDir, device);
        var problems = RlhfTasks.EvalProblems(o);
        var (sampledBefore, greedyBefore) = RlhfTasks.ArithmeticAccuracy(policy, codec, problems, seed);
        var trainProblems = AdditionTask.Generate(5000, seed + 25).Select(p => p.Prompt).ToList();
        var options = o.Grpo with { Seed = seed, Baseline = baseline };
        IReadOnlyList<GrpoStep> history;
        using (var metrics = new StageMetrics(run, name, ["step", "reward", "kl", "loss"]))
            history = GrpoTrainer.Train(policy, reference, codec, trainProblems, AdditionTask.ExactMatch, options, s =>
            {
                metrics.Append(s.Step, s.Reward, s.Kl, s.Loss);
                progress?.Invoke(new RlhfProgress(name, s.Step, options.Steps, s.Step % 100 == 0 ? $"{name} step {s.Step}/{options.Steps}: reward {s.Reward:F2}, kl {s.Kl:F3}" : null));
            });
        var (sampledAfter, greedyAfter) = RlhfTasks.ArithmeticAccuracy(policy, codec, problems, seed);
        GptCheckpoint.Save(policy, run.ModelOf(name));
        LearningCurvePlot.SaveLines(run.Combine($"{name}_curves.png"), $"{name.ToUpperInvariant()} on two-digit addition", "step", "exact-match reward",
            history.Select(s => (double)s.Step).ToArray(), [("mean reward of the samples", history.Select(s => s.Reward).ToArray())]);
        progress?.Invoke(new RlhfProgress(name, options.Steps, options.Steps,
            $"{name}: sampled accuracy {sampledBefore:F3} -> {sampledAfter:F3}, greedy {greedyBefore:F3} -> {greedyAfter:F3}"));
        var result = new GroupStageResult(name, history.Count, sampledBefore, greedyBefore, sampledAfter, greedyAfter);
        run.WriteResult(name, result);
        return result;
    }
}
