using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DotGym.Runtime;

/// <summary>
/// The DotGym policy file, version 2 (all numbers little-endian; strings are BinaryWriter's length-prefixed UTF-8):
/// <code>
/// "DOTGYMPL"                 8-byte magic
/// int32  format version      1, or 2 for a gSDE head (the oldest version that holds the model, so older runtimes
///                            still read every file they can act on)
/// int32  n, then n bytes     the model:
///   string producer, string observation space, string action space
///   byte   observation encoding (0 floats, 1 one-hot index), int32 width, int32 start (one-hot only)
///   bool   normalised; if so: float64 epsilon, float64 clip, float64[width] mean, float64[width] variance
///   int32  layer count; per layer: byte activation (0 none, 1 tanh, 2 relu), int32 inputs, int32 outputs,
///          float32[outputs × inputs] weights (row-major), float32[outputs] bias
///   byte   head (0 discrete, 1 multi-discrete, 2 continuous, 3 gSDE continuous, version 2), int32 components (or dimensions);
///          discrete: int32[components] choices, int32[components] starts;
///          continuous: bool clip, float64[dims] low, float64[dims] high, float32[dims] log-std;
///          gSDE: bool clip, float64[dims] low, float64[dims] high, int32 features, float32[features × dims] log-std
/// 32 bytes                   SHA-256 of everything above
/// </code>
/// The same framing as the agents' checkpoints ("DOTGYMCK"): a file that is truncated, altered or from a newer DotGym
/// fails to load with a message that says so and what to do.
/// </summary>
public static class PolicyFile
{
    /// <summary>The newest version this runtime writes and reads (it writes the oldest one that holds the model).</summary>
    public const int FormatVersion = 2;

    /// <summary>The file name extension <c>dotgym export</c> suggests.</summary>
    public const string Extension = ".dgpolicy";

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DOTGYMPL");
    private static readonly byte[] CheckpointMagic = Encoding.ASCII.GetBytes("DOTGYMCK");
    private const int HashLength = 32;
    private const int PrefixLength = 16; // magic, version, payload length
    private const int MaxModelBytes = 1 << 30;

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, PolicyModel model)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        if (model is null) throw new ArgumentNullException(nameof(model));
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true)) WriteModel(writer, model);
        var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(model.Head.Kind == ActionHeadKind.StateDependentContinuous ? 2 : 1);
            writer.Write((int)payload.Length);
            payload.Position = 0;
            payload.CopyTo(bytes);
        }
        using (var sha = SHA256.Create())
        {
            var hash = sha.ComputeHash(bytes.GetBuffer(), 0, (int)bytes.Length);
            bytes.Write(hash, 0, hash.Length);
        }
        stream.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (the exporter writes through a temporary file).</summary>
    public static void Write(string path, PolicyModel model)
    {
        using var file = File.Create(path);
        Write(file, model);
    }

    /// <summary>Reads a policy file; <see cref="InvalidDataException"/> says what is wrong with a bad one.</summary>
    public static PolicyModel Read(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("Give the path of a DotGym policy file.", nameof(path));
        if (!File.Exists(path))
            throw new FileNotFoundException($"No policy file at '{path}'. Make one from a trained run: dotgym export RUN --format dotgym --out {Path.GetFileName(path)}", path);
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads a policy file from <paramref name="stream"/>; <paramref name="name"/> names it in error messages.</summary>
    public static PolicyModel Read(Stream stream, string name = "the policy file")
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        var prefix = new byte[PrefixLength];
        int got = ReadFully(stream, prefix);
        if (got >= Magic.Length && StartsWith(prefix, CheckpointMagic))
            throw new InvalidDataException($"{name} is a DotGym training checkpoint, not a policy file. Export it first: dotgym export RUN --format dotgym --out policy{Extension}");
        if (got < Magic.Length || !StartsWith(prefix, Magic))
            throw new InvalidDataException($"{name} is not a DotGym policy file (it does not start with \"DOTGYMPL\"). Export one with: dotgym export RUN --format dotgym --out policy{Extension}");
        if (got < PrefixLength) throw Truncated(name);
        int version = BinaryPrimitives.ReadInt32LittleEndian(prefix.AsSpan(8));
        if (version > FormatVersion)
            throw new InvalidDataException($"{name} has policy format version {version}, written by a newer DotGym; this DotGym.Runtime reads version {FormatVersion}. Update DotGym.Runtime.");
        if (version < 1) throw new InvalidDataException($"{name} has an invalid format version {version}: the file is corrupt. Export it again.");
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix.AsSpan(12));
        if (length < 0 || length > MaxModelBytes)
            throw new InvalidDataException($"{name} claims a {length}-byte policy, more than any MLP policy needs: the file is corrupt. Export it again.");
        if (stream.CanSeek && (long)length + HashLength > stream.Length - stream.Position) throw Truncated(name);
        var rest = new byte[(long)length + HashLength];
        if (ReadFully(stream, rest) < rest.Length) throw Truncated(name);
        using (var sha = SHA256.Create())
        {
            sha.TransformBlock(prefix, 0, PrefixLength, null, 0);
            sha.TransformFinalBlock(rest, 0, length);
            var hash = sha.Hash!;
            for (int i = 0; i < HashLength; i++)
                if (hash[i] != rest[length + i])
                    throw new InvalidDataException($"{name} is corrupt: its SHA-256 does not match its contents (the file was changed or damaged). Export it again.");
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(rest, 0, length, writable: false), Encoding.UTF8);
            var model = ReadModel(reader);
            if (reader.BaseStream.Position != length) throw new InvalidDataException("unexpected bytes after the model");
            return model;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{name} passes its checksum but does not describe a valid policy ({e.Message}). It was written by a broken exporter; export it again.", e);
        }
    }

    private static InvalidDataException Truncated(string name) =>
        new($"{name} is truncated: it ends before the policy does (an interrupted copy or download?). Export or copy it again.");

    private static void WriteModel(BinaryWriter w, PolicyModel model)
    {
        w.Write(model.Producer);
        w.Write(model.ObservationSpace);
        w.Write(model.ActionSpace);
        w.Write((byte)model.Encoding);
        w.Write(model.ObservationWidth);
        w.Write(model.ObservationStart);
        w.Write(model.Normalization is not null);
        if (model.Normalization is { } n)
        {
            w.Write(n.Epsilon);
            w.Write(n.Clip);
            foreach (double v in n.Mean) w.Write(v);
            foreach (double v in n.Variance) w.Write(v);
        }
        w.Write(model.Layers.Count);
        foreach (var layer in model.Layers)
        {
            w.Write((byte)layer.Activation);
            w.Write(layer.Inputs);
            w.Write(layer.Outputs);
            foreach (float v in layer.Weights) w.Write(v);
            foreach (float v in layer.Bias) w.Write(v);
        }
        var head = model.Head;
        w.Write((byte)head.Kind);
        w.Write(head.ActionLength);
        if (head.IsDiscrete)
        {
            foreach (int v in head.Choices) w.Write(v);
            foreach (int v in head.Starts) w.Write(v);
        }
        else
        {
            w.Write(head.ClipToBounds);
            foreach (double v in head.Low) w.Write(v);
            foreach (double v in head.High) w.Write(v);
            if (head.Kind == ActionHeadKind.StateDependentContinuous) w.Write(head.NoiseFeatures);
            foreach (float v in head.LogStd) w.Write(v);
        }
    }

    private static PolicyModel ReadModel(BinaryReader r)
    {
        long remaining() => r.BaseStream.Length - r.BaseStream.Position;
        int Count(string what, long bytesEach)
        {
            int n = r.ReadInt32();
            if (n < 0 || n * bytesEach > remaining()) throw new InvalidDataException($"{what} count {n} does not fit in the file");
            return n;
        }
        string producer = r.ReadString(), observationSpace = r.ReadString(), actionSpace = r.ReadString();
        var encoding = (ObservationEncoding)r.ReadByte();
        int width = Count("observation width", 1);
        int start = r.ReadInt32();
        ObservationNormalization? normalization = null;
        if (r.ReadBoolean())
        {
            double epsilon = r.ReadDouble(), clip = r.ReadDouble();
            normalization = new ObservationNormalization(Doubles(r, width), Doubles(r, width), epsilon, clip);
        }
        int layerCount = Count("layer", 9);
        var layers = new DenseLayer[layerCount];
        for (int k = 0; k < layerCount; k++)
        {
            var activation = (PolicyActivation)r.ReadByte();
            int inputs = Count("layer input", 0), outputs = Count("layer output", 4);
            if ((long)inputs * outputs * 4 > remaining()) throw new InvalidDataException($"layer {k} ({inputs} -> {outputs}) does not fit in the file");
            layers[k] = new DenseLayer(inputs, outputs, Floats(r, inputs * outputs), Floats(r, outputs), activation);
        }
        var kind = (ActionHeadKind)r.ReadByte();
        int components = Count("action component", 4);
        ActionHead head = kind switch
        {
            ActionHeadKind.Discrete or ActionHeadKind.MultiDiscrete => Categorical(r, kind, components),
            ActionHeadKind.Continuous or ActionHeadKind.StateDependentContinuous => ReadContinuous(r, kind, components),
            _ => throw new InvalidDataException($"unknown action head {(byte)kind}"),
        };
        return new PolicyModel(encoding, width, normalization, layers, head, observationSpace, actionSpace, producer, start);
    }

    private static ActionHead Categorical(BinaryReader r, ActionHeadKind kind, int components)
    {
        var choices = Ints(r, components);
        var starts = Ints(r, components);
        return kind == ActionHeadKind.Discrete ? ActionHead.Discrete(choices.Length == 1 ? choices[0] : throw new InvalidDataException($"a Discrete head with {components} components"), starts[0])
            : ActionHead.MultiDiscrete(choices, starts);
    }

    private static ActionHead ReadContinuous(BinaryReader r, ActionHeadKind kind, int dims)
    {
        bool clip = r.ReadBoolean();
        var low = Doubles(r, dims);
        var high = Doubles(r, dims);
        if (kind == ActionHeadKind.Continuous) return ActionHead.Continuous(low, high, Floats(r, dims), clip);
        int features = r.ReadInt32();
        if (features < 1 || (long)features * dims * 4 > r.BaseStream.Length - r.BaseStream.Position)
            throw new InvalidDataException($"gSDE feature count {features} does not fit in the file");
        return ActionHead.StateDependentContinuous(low, high, Floats(r, features * dims), features, clip);
    }

    private static double[] Doubles(BinaryReader r, int n)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = r.ReadDouble();
        return values;
    }

    private static float[] Floats(BinaryReader r, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = r.ReadSingle();
        return values;
    }

    private static int[] Ints(BinaryReader r, int n)
    {
        var values = new int[n];
        for (int i = 0; i < n; i++) values[i] = r.ReadInt32();
        return values;
    }

    private static bool StartsWith(byte[] bytes, byte[] prefix)
    {
        for (int i = 0; i < prefix.Length; i++)
            if (bytes[i] != prefix[i]) return false;
        return true;
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
