using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using DotGym.Rlhf.SafeTensors;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Tests;

public class SafeTensorsTests
{
    private static SafeTensorEntry F32(string name, long[] shape, params float[] values) =>
        new(name, SafeTensorDType.F32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    [Fact]
    public void RoundTripsEveryDTypeAndTheMetadata()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.safetensors");
        var halves = new[] { (Half)1.5f, (Half)(-2.25f), Half.PositiveInfinity };
        // bfloat16 of 3.0f, -0.5f: the top halves of their float32 bits.
        var bf16 = new[] { (ushort)(BitConverter.SingleToInt32Bits(3.0f) >> 16), (ushort)(BitConverter.SingleToInt32Bits(-0.5f) >>> 16) };
        SafeTensorsWriter.Write(path,
        [
            F32("f32", [2, 2], 1, 2, 3, 4),
            new("f16", SafeTensorDType.F16, [3], MemoryMarshal.AsBytes(halves.AsSpan()).ToArray()),
            new("bf16", SafeTensorDType.BF16, [2], MemoryMarshal.AsBytes(bf16.AsSpan()).ToArray()),
            new("i64", SafeTensorDType.I64, [2], MemoryMarshal.AsBytes(new long[] { long.MinValue, 7 }.AsSpan()).ToArray()),
            new("i32", SafeTensorDType.I32, [], MemoryMarshal.AsBytes(new int[] { -9 }.AsSpan()).ToArray()),
        ], new Dictionary<string, string> { ["format"] = "pt" });

        var file = SafeTensorsReader.Read(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["f32", "f16", "bf16", "i64", "i32"], file.Tensors.Select(t => t.Name));

        var (tensors, _) = SafeTensorsTorch.Load(path);
        Assert.Equal(new long[] { 2, 2 }, tensors["f32"].shape);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, tensors["f32"].data<float>().ToArray());
        Assert.Equal(ScalarType.Float32, tensors["f16"].dtype);
        Assert.Equal(new[] { 1.5f, -2.25f, float.PositiveInfinity }, tensors["f16"].data<float>().ToArray());
        Assert.Equal(new[] { 3.0f, -0.5f }, tensors["bf16"].data<float>().ToArray());
        Assert.Equal(ScalarType.Int64, tensors["i64"].dtype);
        Assert.Equal(new[] { long.MinValue, 7 }, tensors["i64"].data<long>().ToArray());
        Assert.Equal(ScalarType.Int32, tensors["i32"].dtype);
        Assert.Empty(tensors["i32"].shape);
        Assert.Equal(-9, tensors["i32"].item<int>());
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Fact]
    public void HeaderIsAlignedAndTheWriteLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("b.safetensors");
        SafeTensorsWriter.Write(path, [F32("x", [1], 1)]);
        SafeTensorsWriter.Write(path, [F32("x", [2], 1, 2)]); // overwrite
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
        Assert.Equal(["b.safetensors"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(2, SafeTensorsReader.Read(path)["x"].ElementCount);
    }

    [Fact]
    public void TorchTensorsRoundTripThroughSave()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        using var a = randn(3, 5);
        using var b = arange(0, 6, ScalarType.Int64).view(2, 3);
        SafeTensorsTorch.Save(path, new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a.t() }); // a non-contiguous view too
        var (loaded, _) = SafeTensorsTorch.Load(path);
        Assert.Equal(0f, TestModels.MaxAbsDiff(loaded["a"], a.t()));
        Assert.True(TestModels.Identical(loaded["b"], b));
        foreach (var t in loaded.Values) t.Dispose();
    }

    // ---- corrupt files: each must fail with a message that says what is wrong ----

    private static byte[] FileWith(string header, byte[] data, ulong? headerLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static SafeTensorsFormatException ReadFails(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsReader.Read(stream, "test.safetensors"));
    }

    [Fact]
    public void TooShortFileIsRejected() => Assert.Contains("8-byte header length", ReadFails([1, 2, 3]).Message);

    [Theory]
    [InlineData(0UL)]
    [InlineData(1000UL)]
    [InlineData(ulong.MaxValue)]
    public void BadHeaderLengthIsRejected(ulong length)
    {
        var e = ReadFails(FileWith("{}", new byte[8], headerLength: length));
        Assert.Contains("bad header length", e.Message);
        Assert.Contains("test.safetensors", e.Message);
    }

    [Fact]
    public void HeaderThatIsNotJsonIsRejected() => Assert.Contains("not valid JSON", ReadFails(FileWith("{\"x\": [", new byte[4])).Message);

    [Fact]
    public void UnknownDTypeIsRejected()
    {
        var e = ReadFails(FileWith("""{"w":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}""", new byte[4]));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("F8_E4M3", e.Message);
        Assert.Contains("F32, F16, BF16, I64, I32", e.Message);
    }

    [Theory]
    [InlineData("[8,4]")]   // begin after end
    [InlineData("[-4,0]")]  // negative
    [InlineData("[0,12]")]  // 12 bytes for a 2-element F32 (8 bytes)
    public void OffsetsOutOfRangeAreRejected(string offsets)
    {
        var e = ReadFails(FileWith("""{"w":{"dtype":"F32","shape":[2],"data_offsets":""" + offsets + "}}", new byte[16]));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("out of range", e.Message);
    }

    [Fact]
    public void TruncatedDataIsRejected()
    {
        // A valid file cut off in the middle of its data.
        using var dir = new TempDirectory();
        string path = dir.File("t.safetensors");
        SafeTensorsWriter.Write(path, [F32("a", [2], 1, 2), F32("b", [4], 1, 2, 3, 4)]);
        byte[] bytes = File.ReadAllBytes(path);
        var e = ReadFails(bytes[..^4]);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("'b'", e.Message);
    }

    [Fact]
    public void OverlappingTensorsAreRejected()
    {
        var e = ReadFails(FileWith("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", new byte[12]));
        Assert.Contains("overlap", e.Message);
    }

    [Fact]
    public void WriterRejectsDataOfTheWrongSize()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(dir.File("x.safetensors"), [new SafeTensorEntry("w", SafeTensorDType.F32, [3], new byte[8])]));
        Assert.Contains("'w'", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path)); // the failed write left nothing behind
    }
}
