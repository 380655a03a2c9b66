using DotGym.Rlhf.Checkpoints;
using DotGym.Rlhf.SafeTensors;

namespace DotGym.Rlhf.Tests;

public class GptCheckpointTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SaveThenLoadGivesTheSameConfigAndLogits(bool tie)
    {
        using var dir = new TempDirectory();
        string folder = Path.Combine(dir.Path, "model");
        using var model = Gpt.Create(TestModels.Tiny(tie) with { Dropout = 0.1 }, seed: 5);
        model.eval();
        GptCheckpoint.Save(model, folder);
        using var loaded = GptCheckpoint.Load(folder);
        loaded.eval();
        Assert.Equal(model.Config, loaded.Config);
        using var ids = TestModels.RandomIds(2, 8, 50, seed: 6);
        using var a = model.Forward(ids, null);
        using var b = loaded.Forward(ids, null);
        Assert.Equal(0f, TestModels.MaxAbsDiff(a, b));
    }

    [Fact]
    public void SavingOverAnExistingFolderReplacesItAndLeavesNoTemporaries()
    {
        using var dir = new TempDirectory();
        string folder = Path.Combine(dir.Path, "model");
        using (var first = Gpt.Create(TestModels.Tiny(), seed: 1)) GptCheckpoint.Save(first, folder);
        File.WriteAllText(Path.Combine(folder, "stale.txt"), "from the old save");
        using var second = Gpt.Create(TestModels.Tiny() with { Layers = 1 }, seed: 2);
        GptCheckpoint.Save(second, folder);
        Assert.Equal(["model"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
        Assert.Equal([GptCheckpoint.ConfigFileName, GptCheckpoint.WeightsFileName], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        using var loaded = GptCheckpoint.Load(folder);
        Assert.Equal(1, loaded.Config.Layers);
    }

    [Fact]
    public void AValueHeadModelRoundTripsAndItsTrunkLoadsAlone()
    {
        using var dir = new TempDirectory();
        string folder = Path.Combine(dir.Path, "reward");
        using var generator = new TorchSharp.torch.Generator(3);
        using var model = new GptWithValueHead(Gpt.Create(TestModels.Tiny(), seed: 5), generator);
        GptCheckpoint.Save(model, folder);
        using var loaded = GptCheckpoint.LoadWithValueHead(folder);
        using var ids = TestModels.RandomIds(2, 8, 50, seed: 6);
        var (logitsA, valuesA) = model.Forward(ids, null);
        var (logitsB, valuesB) = loaded.Forward(ids, null);
        Assert.Equal(0f, TestModels.MaxAbsDiff(logitsA, logitsB));
        Assert.Equal(0f, TestModels.MaxAbsDiff(valuesA, valuesB));

        using var trunk = GptCheckpoint.Load(folder);
        using var logitsC = trunk.Forward(ids, null);
        Assert.Equal(0f, TestModels.MaxAbsDiff(logitsA, logitsC));

        string plain = Path.Combine(dir.Path, "plain");
        GptCheckpoint.Save(model.Model, plain);
        Assert.Contains("without a value head", Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadWithValueHead(plain)).Message);
    }

    [Fact]
    public void AFolderWithoutTheFilesIsRejected()
    {
        using var dir = new TempDirectory();
        Assert.Contains(GptCheckpoint.ConfigFileName, Assert.Throws<FileNotFoundException>(() => GptCheckpoint.Load(dir.Path)).Message);
    }

    [Fact]
    public void AGpt2FileIsNotMistakenForOurFormat()
    {
        using var dir = new TempDirectory();
        using var model = Gpt.Create(TestModels.Tiny(), seed: 1);
        File.WriteAllText(dir.File(GptCheckpoint.ConfigFileName), model.Config.ToJson());
        Gpt2Weights.SaveSafeTensors(model, dir.File(GptCheckpoint.WeightsFileName));
        var e = Assert.Throws<InvalidDataException>(() => GptCheckpoint.Load(dir.Path));
        Assert.Contains("Gpt2Weights", e.Message);
    }

    [Fact]
    public void AConfigThatDisagreesWithTheWeightsIsRejected()
    {
        using var dir = new TempDirectory();
        string folder = Path.Combine(dir.Path, "model");
        using var model = Gpt.Create(TestModels.Tiny(), seed: 1);
        GptCheckpoint.Save(model, folder);
        File.WriteAllText(Path.Combine(folder, GptCheckpoint.ConfigFileName), (model.Config with { VocabSize = 60 }).ToJson());
        var e = Assert.Throws<InvalidDataException>(() => GptCheckpoint.Load(folder));
        Assert.Contains("'wte.weight' has shape [50, 32], but the model expects [60, 32]", e.Message);
        _ = SafeTensorsReader.Read(Path.Combine(folder, GptCheckpoint.WeightsFileName)); // the file itself is fine
    }
}
