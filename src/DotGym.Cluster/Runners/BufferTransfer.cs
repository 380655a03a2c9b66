namespace DotGym.Cluster.Runners;

/// <summary>Batch buffers as messages: only arrays of primitive elements travel (Orleans copies them as raw values).</summary>
internal static class BufferTransfer
{
    /// <summary>Throws when <paramref name="buffer"/>'s elements cannot travel between silos.</summary>
    public static void EnsureCanTravel(Array buffer, string what)
    {
        var element = buffer.GetType().GetElementType()!;
        if (!element.IsPrimitive)
            throw new NotSupportedException(
                $"{what} are {TypeNames.Of(element)} values, which cannot travel between silos; cluster envs need observations and actions stored as arrays of numbers or bools (Box, Discrete, MultiDiscrete, MultiBinary spaces).");
    }

    /// <summary>
    /// About how many bytes a step reply for <paramref name="envs"/> envs takes on the wire (observations, rewards,
    /// flags, and the final observations with same-step autoreset), infos left out: checked against the cluster's
    /// message limit before any step, so an oversized batch is refused up front rather than lost in flight.
    /// </summary>
    public static long StepReplyBytes(Array observationBuffer, int observationItemSize, int envs, bool sameStep)
    {
        long rowBytes = (long)observationItemSize * (Buffer.ByteLength(observationBuffer) / observationBuffer.Length);
        return envs * (rowBytes * (sameStep ? 2 : 1) + sizeof(double) + 2 + (sameStep ? 1 : 0)) + 1024;
    }

    /// <summary>The error for a batch whose messages would exceed the cluster's limit.</summary>
    public static string TooLarge(string who, long bytes, int envs, string envId, int limit) =>
        $"{who}: a step message for {envs} x '{envId}' would take about {bytes:N0} bytes, over the cluster's message limit of {limit:N0} bytes (MaxMessageBodySize). " +
        "Spread the envs over more runners (ClusterVectorEnvOptions.Runners or RunnersPerSilo; dotgym train --runners-per-silo), or raise SiloMessagingOptions.MaxMessageBodySize on every silo and ClientMessagingOptions.MaxMessageBodySize on the learner.";

    /// <summary>About how many bytes a runner's state snapshot of <paramref name="stateBytes"/> bytes takes on the wire.</summary>
    public static long SnapshotBytes(long stateBytes) => stateBytes + 1024;

    /// <summary>The error for a runner state snapshot that would exceed the cluster's message limit.</summary>
    public static string SnapshotTooLarge(string who, long stateBytes, int envs, string envId, int limit) =>
        $"{who}: the state snapshot of {envs} x '{envId}' takes {stateBytes:N0} bytes, over the cluster's message limit of {limit:N0} bytes (MaxMessageBodySize), so it cannot travel between the runner and the learner. " +
        "Spread the envs over more runners (ClusterVectorEnvOptions.Runners or RunnersPerSilo; dotgym train --runners-per-silo), raise SiloMessagingOptions.MaxMessageBodySize on every silo and ClientMessagingOptions.MaxMessageBodySize on the learner, " +
        "or save checkpoints without the env state (Agent.Save(path, includeEnvState: false); the run then resumes on fresh episodes).";

    /// <summary>A fresh copy of <paramref name="buffer"/> (the message owns it).</summary>
    public static Array Copy(Array buffer) => (Array)buffer.Clone();

    /// <summary>Rows <paramref name="firstRow"/> .. + <paramref name="rows"/> of a batch buffer with <paramref name="itemSize"/> elements per row, as a fresh array.</summary>
    public static Array Slice(Array buffer, int itemSize, int firstRow, int rows)
    {
        var slice = Array.CreateInstanceFromArrayType(buffer.GetType(), rows * itemSize);
        Array.Copy(buffer, firstRow * itemSize, slice, 0, rows * itemSize);
        return slice;
    }

    /// <summary>Copies a whole message buffer into <paramref name="target"/> after checking its type and length.</summary>
    public static void CopyInto(Array source, Array target, string what) => CopyInto(source, target, 0, target.Length, what);

    /// <summary>Copies a message buffer into <paramref name="length"/> elements of <paramref name="target"/> from <paramref name="offset"/>.</summary>
    public static void CopyInto(Array? source, Array target, int offset, int length, string what)
    {
        if (source is null) throw new InvalidDataException($"The {what} are missing from the runner's message.");
        if (source.GetType() != target.GetType())
            throw new InvalidDataException($"The {what} arrived as {TypeNames.Of(source.GetType())} but must be {TypeNames.Of(target.GetType())}; the silos and the learner run different builds of the env.");
        if (source.Length != length)
            throw new InvalidDataException($"The {what} hold {source.Length} values but {length} were expected; the silos and the learner run different builds of the env.");
        Array.Copy(source, 0, target, offset, length);
    }
}
