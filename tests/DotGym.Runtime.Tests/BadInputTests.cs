using System.Text;
using DotGym.Runtime;

namespace DotGym.Runtime.Tests;

/// <summary>Bad files and bad calls fail with a message that names the problem and the fix.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dotgym-runtime-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Bytes(PolicyModel model)
    {
        var stream = new MemoryStream();
        PolicyFile.Write(stream, model);
        return stream.ToArray();
    }

    private static InvalidDataException ReadFails(byte[] bytes) => Assert.Throws<InvalidDataException>(() => PolicyFile.Read(new MemoryStream(bytes), "policy.dgpolicy"));

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)] // gSDE: version 2, so older runtimes say to update instead of misreading it
    public void AFileReadsBackExactly(int headKind, int version)
    {
        var model = Policies.Random(5, 6, [9, 4], headKind, normalize: true);
        var bytes = Bytes(model);
        Assert.Equal(version, BitConverter.ToInt32(bytes, 8));
        var read = PolicyFile.Read(new MemoryStream(bytes));
        Assert.Equal(model.Head.Kind, read.Head.Kind);
        Assert.Equal(model.Head.NoiseFeatures, read.Head.NoiseFeatures);
        Assert.Equal(model.Describe(), read.Describe());
        for (int k = 0; k < model.Layers.Count; k++)
        {
            Assert.Equal(model.Layers[k].Weights, read.Layers[k].Weights);
            Assert.Equal(model.Layers[k].Bias, read.Layers[k].Bias);
            Assert.Equal(model.Layers[k].Activation, read.Layers[k].Activation);
        }
        Assert.Equal(model.Normalization!.Mean, read.Normalization!.Mean);
        Assert.Equal(model.Normalization.Variance, read.Normalization.Variance);
        Assert.Equal(model.Head.Low, read.Head.Low);
        Assert.Equal(model.Head.High, read.Head.High);
        Assert.Equal(model.Head.LogStd, read.Head.LogStd);
        Assert.Equal(model.Head.ClipToBounds, read.Head.ClipToBounds);
    }

    [Fact]
    public void ATruncatedFileSaysSoAtEveryLength()
    {
        var bytes = Bytes(Policies.Small());
        foreach (int length in new[] { 8, 12, 15, 16, 40, bytes.Length - 33, bytes.Length - 1 })
            Assert.Contains("truncated", ReadFails(bytes[..length]).Message);
        Assert.Contains("not a DotGym policy file", ReadFails(bytes[..5]).Message);
        Assert.Contains("not a DotGym policy file", ReadFails([]).Message);
    }

    [Fact]
    public void AChangedByteIsCaughtByTheChecksum()
    {
        var bytes = Bytes(Policies.Small());
        bytes[bytes.Length / 2] ^= 0x10;
        var error = ReadFails(bytes);
        Assert.Contains("corrupt", error.Message);
        Assert.Contains("Export it again", error.Message);
    }

    [Fact]
    public void ANewerFormatVersionAsksForANewerRuntime()
    {
        var bytes = Bytes(Policies.Small());
        bytes[8] = PolicyFile.FormatVersion + 1;
        var error = ReadFails(bytes);
        Assert.Contains($"format version {PolicyFile.FormatVersion + 1}", error.Message);
        Assert.Contains("Update DotGym.Runtime", error.Message);
    }

    [Fact]
    public void OtherFilesAreNamedForWhatTheyAre()
    {
        Assert.Contains("training checkpoint", ReadFails(Encoding.ASCII.GetBytes("DOTGYMCK\u0002\0\0\0 and the rest of a checkpoint")).Message);
        var error = ReadFails(Encoding.ASCII.GetBytes("<onnx or some other file>"));
        Assert.Contains("not a DotGym policy file", error.Message);
        Assert.Contains("dotgym export", error.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => RuntimePolicy.Load(Path.Combine(_folder, "none.dgpolicy")));
        Assert.Contains("dotgym export RUN --format dotgym", missing.Message);
    }

    [Fact]
    public void APolicyFileOnDiskLoads()
    {
        string path = Path.Combine(_folder, "small.dgpolicy");
        PolicyFile.Write(path, Policies.Small());
        Assert.Equal(12, RuntimePolicy.Load(path).Act([3f, -1.5f]));
    }

    [Fact]
    public void AWrongObservationLengthNamesBothLengths()
    {
        var policy = new RuntimePolicy(Policies.Small());
        var error = Assert.Throws<ArgumentException>(() => policy.Act([1f, 2f, 3f]));
        Assert.Contains("reads 2 observation values (Box(-inf, inf, (2,), float32)), got 3", error.Message);
        Assert.Contains("flattened", error.Message);
    }

    [Fact]
    public void WrongActionSpansAndMasksAreRefused()
    {
        var discrete = new RuntimePolicy(Policies.Small());
        var continuous = new RuntimePolicy(Policies.SmallContinuous());
        Assert.Contains("needs 1 value", Assert.Throws<ArgumentException>(() => discrete.Act([1f, 2f], new int[2])).Message);
        Assert.Contains("one entry per logit, 3", Assert.Throws<ArgumentException>(() => discrete.Act([1f, 2f], new byte[] { 1, 1 })).Message);
        Assert.Contains("Span<int>", Assert.Throws<InvalidOperationException>(() => discrete.Act([1f, 2f], new float[1])).Message);
        Assert.Contains("Span<float>", Assert.Throws<InvalidOperationException>(() => continuous.Act([1f, 2f], new int[2])).Message);
        Assert.Contains("needs 2 values", Assert.Throws<ArgumentException>(() => continuous.Act([1f, 2f], new float[3])).Message);
        Assert.Contains("not a Discrete index", Assert.Throws<InvalidOperationException>(() => discrete.OneHot(1)).Message);
    }

    [Fact]
    public void InconsistentModelsAreRefusedWhenBuilt()
    {
        var hidden = new DenseLayer(2, 4, new float[8], new float[4], PolicyActivation.Tanh);
        var output = new DenseLayer(3, 3, new float[9], new float[3], PolicyActivation.None);
        var error = Assert.Throws<ArgumentException>(() => new PolicyModel(ObservationEncoding.Floats, 2, null, [hidden, output], ActionHead.Discrete(3)));
        Assert.Contains("Layer 1 reads 3 values but layer 0 gives 4", error.Message);
        error = Assert.Throws<ArgumentException>(() => new PolicyModel(ObservationEncoding.Floats, 2, null, [hidden], ActionHead.Discrete(3)));
        Assert.Contains("gives 4 values but the action head", error.Message);
        Assert.Contains("diverged", Assert.Throws<ArgumentException>(() => new DenseLayer(1, 1, [float.NaN], [0f], PolicyActivation.None)).Message);

        // gSDE: the log-std matrix must be features x dims, and the features those the last layer reads.
        error = Assert.Throws<ArgumentException>(() => ActionHead.StateDependentContinuous([-1], [1], new float[3], features: 4));
        Assert.Contains("4 features and 3 log-stds", error.Message);
        var toMean = new DenseLayer(4, 1, new float[4], new float[1], PolicyActivation.None);
        error = Assert.Throws<ArgumentException>(() => new PolicyModel(ObservationEncoding.Floats, 2, null, [hidden, toMean], ActionHead.StateDependentContinuous([-1], [1], new float[2], features: 2)));
        Assert.Contains("std reads 2 features but the last layer reads 4", error.Message);
    }
}
