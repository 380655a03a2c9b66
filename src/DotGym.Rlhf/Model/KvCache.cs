using TorchSharp;
using static TorchSharp.torch;

namespace DotGym.Rlhf.Model;

/// <summary>
/// Keys and values of every layer for the slots processed so far, preallocated to the final length so a decoding step
/// writes one slot in place instead of concatenating (and copying) the whole history.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;

    public KvCache(int layers, long batch, int heads, long capacity, int headDim, Device device)
    {
        Capacity = capacity;
        _keys = new Tensor[layers];
        _values = new Tensor[layers];
        for (int i = 0; i < layers; i++)
        {
            _keys[i] = torch.zeros([batch, heads, capacity, headDim], device: device);
            _values[i] = torch.zeros([batch, heads, capacity, headDim], device: device);
        }
    }

    /// <summary>Slots already filled (the same in every layer once a forward pass has finished).</summary>
    public long Length { get; private set; }

    public long Capacity { get; }

    /// <summary>Stores this step's keys/values [B, H, T, D] of one layer after the filled slots; returns all of them so far.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        long count = keys.shape[2];
        if (Length + count > Capacity)
            throw new InvalidOperationException($"KV cache holds {Capacity} slots; {Length} are used and {count} more were written.");
        using (var slotK = _keys[layer].narrow(2, Length, count)) slotK.copy_(keys);
        using (var slotV = _values[layer].narrow(2, Length, count)) slotV.copy_(values);
        return (_keys[layer].narrow(2, 0, Length + count), _values[layer].narrow(2, 0, Length + count));
    }

    /// <summary>Marks <paramref name="count"/> more slots filled; called once per forward pass, after the last layer.</summary>
    public void Advance(long count) => Length += count;

    /// <summary>Keeps only the batch rows in <paramref name="rows"/> (int64 indices), in that order.</summary>
    public void KeepRows(Tensor rows)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            // The cache owns its tensors (it disposes them), not the caller's dispose scope.
            var keys = _keys[i].index_select(0, rows).DetachFromDisposeScope();
            var values = _values[i].index_select(0, rows).DetachFromDisposeScope();
            _keys[i].Dispose();
            _values[i].Dispose();
            (_keys[i], _values[i]) = (keys, values);
        }
    }

    public void Dispose()
    {
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
    }
}
