using DotGym.Rlhf.Pipeline;
using DotGym.Rlhf.RewardModels;
using DotGym.Rlhf.Training;
using DotGym.Text.Data;
using DotGym.Text.Tokenization;

namespace DotGym.Rlhf.Tests;

/// <summary>The stages' seams: run-folder inputs and settings, the reward-model file, SFT's stop rule, the labeller's agreement.</summary>
public sealed class RlhfStageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dotgym-rlhf-stage-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void AStageWhoseInputIsMissingNamesTheCommandThatMakesIt()
    {
        var run = new RlhfRunFolder(_folder);
        var e = Assert.Throws<FileNotFoundException>(() => PpoStage.Run(RlhfPipelineOptions.Quick(1), run));
        Assert.Contains("rm.json", e.Message);
        Assert.Contains($"dotgym rlhf rm --out {_folder}", e.Message);
        var grpo = Assert.Throws<FileNotFoundException>(() => GroupRlStage.Run(RlhfPipelineOptions.Quick(1), run, GroupBaseline.Grpo));
        Assert.Contains("dotgym rlhf sft", grpo.Message);

        run.EnsureSettings(3, "quick", firstStage: true);
        var again = Assert.Throws<FileNotFoundException>(() => DpoStage.Run(RlhfPipelineOptions.Quick(3), run));
        Assert.Contains($"dotgym rlhf rm --out {_folder} --seed 3 --quick", again.Message);
    }

    [Fact]
    public void AFolderRefusesAStageWithAnotherSeed()
    {
        var run = new RlhfRunFolder(_folder);
        run.EnsureSettings(1, "full", firstStage: false);
        Assert.False(Directory.Exists(_folder)); // a later stage alone leaves nothing behind
        run.EnsureSettings(1, "full", firstStage: true);
        run.EnsureSettings(1, "full", firstStage: false);
        var e = Assert.Throws<InvalidOperationException>(() => run.EnsureSettings(2, "full", firstStage: false));
        Assert.Contains("--seed 1", e.Message);
        Assert.Contains("another --out", e.Message);
    }

    [Fact]
    public void AResultFileThatIsNotJsonIsACleanError()
    {
        var run = new RlhfRunFolder(_folder);
        Directory.CreateDirectory(_folder);
        File.WriteAllText(run.ResultOf("rm"), "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => run.ReadResult<RewardStageResult>("rm"));
        Assert.Contains("rerun: dotgym rlhf rm", e.Message);
    }

    [Fact]
    public void AReviewScorerSurvivesItsFileAndForeignFilesAreRefused()
    {
        var reviews = ReviewCorpus.Generate(200, 3);
        using var model = RewardModelTrainer.TrainSentiment(reviews, new RewardTrainingOptions { Epochs = 20, Dimensions = 512 });
        string path = Path.Combine(_folder, "scorer.safetensors");
        LinearTextScorerFile.Save(model, path);
        using var loaded = LinearTextScorerFile.Load(path);
        var texts = reviews.Take(20).Select(r => r.Text).ToList();
        foreach (var name in new[] { "linear.weight", "linear.bias" })
            Assert.Equal(model.state_dict()[name].data<float>().ToArray(), loaded.state_dict()[name].data<float>().ToArray());
        // Scores agree to float rounding (a matrix product's summation order may follow the thread count).
        var (expected, actual) = (model.Score(texts), loaded.Score(texts));
        for (int i = 0; i < texts.Count; i++) Assert.Equal(expected[i], actual[i], 5);

        Assert.Contains("dotgym rlhf rm", Assert.Throws<FileNotFoundException>(() => LinearTextScorerFile.Load(Path.Combine(_folder, "none.safetensors"))).Message);
        string foreign = Path.Combine(_folder, "foreign.safetensors");
        SafeTensors.SafeTensorsTorch.Save(foreign, new Dictionary<string, TorchSharp.torch.Tensor> { ["weight"] = TorchSharp.torch.zeros(1, 512) },
            new Dictionary<string, string> { ["format"] = "something-else" });
        Assert.Contains("not a DotGym linear reward model", Assert.Throws<InvalidDataException>(() => LinearTextScorerFile.Load(foreign)).Message);
        File.WriteAllBytes(Path.Combine(_folder, "corrupt.safetensors"), [1, 2, 3]);
        Assert.ThrowsAny<IOException>(() => LinearTextScorerFile.Load(Path.Combine(_folder, "corrupt.safetensors")));
    }

    [Fact]
    public void SftStopsAtTheFirstCheckThatSaysSo()
    {
        var tokenizer = new CharTokenizer(AdditionTask.Alphabet);
        var codec = new TextCodec(tokenizer, 16);
        using var model = Gpt.Create(new GptConfig { VocabSize = tokenizer.VocabSize, ContextLength = 16, Layers = 1, Heads = 1, EmbeddingDim = 16 }, 1);
        int checks = 0;
        var result = SftTrainer.Train(model, codec, SftDemonstrations.Additions(50, 1), SftDemonstrations.Additions(10, 2),
            new SftOptions { Steps = 100, BatchSize = 8, CheckEvery = 10, StopWhen = m => { Assert.False(m.training); return ++checks == 3; } });
        Assert.Equal(30, result.Steps);
        Assert.Equal(3, checks);
    }

    [Fact]
    public void LabelAgreementCountsThePairsTheRuleOrdersTheSameWay()
    {
        // Gold = length: ("ccc" > "bb" > "a") agrees on all 3 pairs; ("a", "ccc", "bb") on 1 of 3.
        var rankings = new[] { new RankedCompletions("", ["ccc", "bb", "a"]), new RankedCompletions("", ["a", "ccc", "bb"]) };
        Assert.Equal(4.0 / 6, RewardModelTrainer.LabelAgreement(rankings, t => t.Length), 12);
    }
}
