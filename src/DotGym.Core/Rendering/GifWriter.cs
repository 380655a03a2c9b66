using System.Buffers.Binary;

namespace DotGym.Rendering;

/// <summary>
/// Writes an animated GIF89a frame by frame (no dependency): each frame gets its own palette
/// (<see cref="GifPalette"/>) and LZW-compressed pixels, so nothing but the current frame is held in memory.
/// Call <see cref="Finish"/> (or dispose) to write the trailer.
/// </summary>
public sealed class GifWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly GifPalette _paletteMode;
    private readonly GifQuantizer _quantizer = new();
    private readonly GifLzwEncoder _lzw = new();
    private readonly byte[] _indices;
    private bool _finished;

    /// <param name="stream">Where the GIF goes.</param>
    /// <param name="width">Frame width in pixels (1 to 65535).</param>
    /// <param name="height">Frame height in pixels (1 to 65535).</param>
    /// <param name="fps">Playback rate; GIF stores delays in hundredths of a second.</param>
    /// <param name="loopCount">0 loops forever; n plays n + 1 times; null writes no loop extension (play once).</param>
    /// <param name="palette">How each frame's palette is chosen.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open on dispose.</param>
    public GifWriter(Stream stream, int width, int height, double fps = 30, int? loopCount = 0, GifPalette palette = GifPalette.MedianCut, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (width is <= 0 or > ushort.MaxValue || height is <= 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(width), $"GIF frames must be 1 to 65535 pixels wide and high, got {width}x{height}.");
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be a positive number.");
        if (loopCount is < 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(loopCount), loopCount, "loopCount must be in [0, 65535] or null.");
        _stream = stream;
        _leaveOpen = leaveOpen;
        _paletteMode = palette;
        Width = width;
        Height = height;
        DelayCentiseconds = (ushort)Math.Clamp((int)Math.Round(100 / fps), 1, ushort.MaxValue);
        _indices = new byte[width * height];
        WriteHeader(loopCount);
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>The per-frame delay written to the file.</summary>
    public ushort DelayCentiseconds { get; }
    public int FrameCount { get; private set; }

    public void AddFrame(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"Every GIF frame must be {Width}x{Height}, got {frame.Width}x{frame.Height}; the env changed its render size mid-episode.", nameof(frame));

        _quantizer.Quantize(frame, _paletteMode, _indices);
        int bits = 1;
        while ((1 << bits) < _quantizer.ColorCount) bits++;

        Span<byte> control = [0x21, 0xF9, 0x04, 0x04, 0, 0, 0, 0]; // graphic control: disposal "leave in place"
        BinaryPrimitives.WriteUInt16LittleEndian(control[4..], DelayCentiseconds);
        _stream.Write(control);

        Span<byte> descriptor = stackalloc byte[10];
        descriptor[0] = 0x2C;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], (ushort)Width);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], (ushort)Height);
        descriptor[9] = (byte)(0x80 | (bits - 1)); // local colour table of 2^bits entries
        _stream.Write(descriptor);
        _stream.Write(_quantizer.Palette, 0, 3 * _quantizer.ColorCount);
        for (int pad = _quantizer.ColorCount; pad < 1 << bits; pad++) _stream.Write([0, 0, 0]);

        _lzw.Encode(_indices, Math.Max(2, bits), _stream);
        FrameCount++;
    }

    /// <summary>Writes the trailer; the stream then holds a complete GIF.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        _stream.WriteByte(0x3B);
        _stream.Flush();
    }

    public void Dispose()
    {
        Finish();
        if (!_leaveOpen) _stream.Dispose();
    }

    private void WriteHeader(int? loopCount)
    {
        Span<byte> header = [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)Width);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], (ushort)Height);
        // header[10] = 0: no global colour table (each frame has its own); background 0; aspect 0.
        _stream.Write(header);
        if (loopCount is { } loops)
        {
            Span<byte> netscape = [0x21, 0xFF, 0x0B, (byte)'N', (byte)'E', (byte)'T', (byte)'S', (byte)'C', (byte)'A', (byte)'P', (byte)'E',
                (byte)'2', (byte)'.', (byte)'0', 0x03, 0x01, 0, 0, 0x00];
            BinaryPrimitives.WriteUInt16LittleEndian(netscape[16..], (ushort)loops);
            _stream.Write(netscape);
        }
    }
}
