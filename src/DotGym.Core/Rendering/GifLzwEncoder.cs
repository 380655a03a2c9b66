namespace DotGym.Rendering;

/// <summary>
/// GIF's variable-width LZW (codes of minCodeSize+1 up to 12 bits, LSB-first, in sub-blocks of at most 255 bytes).
/// The string table is an open-addressing hash reused across frames.
/// </summary>
internal sealed class GifLzwEncoder
{
    private const int MaxCodes = 4096;
    private const int HashSize = 8192; // > 2 × MaxCodes keeps probes short
    private readonly int[] _keys = new int[HashSize];
    private readonly short[] _codes = new short[HashSize];
    private readonly byte[] _block = new byte[256];
    private Stream _output = Stream.Null;
    private int _blockLength, _bitBuffer, _bitCount;

    public void Encode(ReadOnlySpan<byte> indices, int minCodeSize, Stream output)
    {
        _output = output;
        _blockLength = _bitBuffer = _bitCount = 0;
        output.WriteByte((byte)minCodeSize);
        int clear = 1 << minCodeSize, endOfInformation = clear + 1;
        int width = minCodeSize + 1, next = clear + 2;
        Array.Fill(_keys, -1);
        Emit(clear, width);
        int prefix = indices[0];
        for (int p = 1; p < indices.Length; p++)
        {
            int symbol = indices[p];
            int key = (prefix << 8) | symbol;
            int slot = (int)((uint)(key * -1640531535) >> 19);
            while (_keys[slot] != -1 && _keys[slot] != key) slot = (slot + 1) & (HashSize - 1);
            if (_keys[slot] == key)
            {
                prefix = _codes[slot];
                continue;
            }
            Emit(prefix, width);
            if (next < MaxCodes)
            {
                _keys[slot] = key;
                _codes[slot] = (short)next++;
                // The decoder adds its entry one code later, so it widens once `next - 1` reaches 2^width.
                if (next > (1 << width) && width < 12) width++;
            }
            else
            {
                Emit(clear, width);
                Array.Fill(_keys, -1);
                width = minCodeSize + 1;
                next = clear + 2;
            }
            prefix = symbol;
        }
        Emit(prefix, width);
        // The decoder still adds an entry for this last code and may widen before reading the end code.
        if (next >= 1 << width && width < 12) width++;
        Emit(endOfInformation, width);
        if (_bitCount > 0) PutByte((byte)_bitBuffer);
        FlushBlock();
        output.WriteByte(0); // block terminator
    }

    private void Emit(int code, int width)
    {
        _bitBuffer |= code << _bitCount;
        _bitCount += width;
        while (_bitCount >= 8)
        {
            PutByte((byte)_bitBuffer);
            _bitBuffer >>= 8;
            _bitCount -= 8;
        }
    }

    private void PutByte(byte value)
    {
        _block[++_blockLength] = value;
        if (_blockLength == 255) FlushBlock();
    }

    private void FlushBlock()
    {
        if (_blockLength == 0) return;
        _block[0] = (byte)_blockLength;
        _output.Write(_block, 0, _blockLength + 1);
        _blockLength = 0;
    }
}
