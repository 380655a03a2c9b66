namespace DotGym.Random;

public sealed partial class NpGenerator
{
    /// <summary>
    /// numpy's <c>random_bounded_uint8_fill</c> (unmasked Lemire), what <c>integers(low, high, size=k, dtype=int8)</c>
    /// runs: each value is <paramref name="offset"/> plus a number in [0, <paramref name="range"/>] (inclusive), with
    /// bytes taken low byte first from 32-bit draws buffered locally for this one call.
    /// </summary>
    internal void BoundedUInt8Fill(byte offset, byte range, Span<byte> destination)
    {
        if (range == 0)
        {
            destination.Fill(offset);
            return;
        }
        uint buffer = 0;
        int bufferCount = 0;
        if (range == byte.MaxValue)
        {
            for (int i = 0; i < destination.Length; i++) destination[i] = (byte)(offset + BufferedUInt8(ref buffer, ref bufferCount));
            return;
        }
        byte rangeExcl = (byte)(range + 1);
        byte threshold = (byte)((byte)(byte.MaxValue - range) % rangeExcl);
        for (int i = 0; i < destination.Length; i++)
        {
            ushort m = (ushort)(BufferedUInt8(ref buffer, ref bufferCount) * rangeExcl);
            byte leftover = (byte)m;
            if (leftover < rangeExcl)
            {
                while (leftover < threshold)
                {
                    m = (ushort)(BufferedUInt8(ref buffer, ref bufferCount) * rangeExcl);
                    leftover = (byte)m;
                }
            }
            destination[i] = (byte)(offset + (m >> 8));
        }
    }

    private byte BufferedUInt8(ref uint buffer, ref int bufferCount)
    {
        if (bufferCount == 0)
        {
            buffer = BitGenerator.NextUInt32();
            bufferCount = 3;
        }
        else
        {
            buffer >>= 8;
            bufferCount--;
        }
        return (byte)buffer;
    }
}
