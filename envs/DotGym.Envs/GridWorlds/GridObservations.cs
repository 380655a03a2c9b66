using DotGym.Spaces;

namespace DotGym.Envs.GridWorlds;

/// <summary>How a grid world shows the agent's position to the learner.</summary>
public enum GridObservationKind
{
    /// <summary>The cell index <c>row * width + col</c>, in <c>Discrete(height * width)</c> (tabular methods).</summary>
    Index,
    /// <summary>A float32 one-hot vector of length <c>height * width</c> (linear or MLP learners).</summary>
    OneHot,
    /// <summary>A float32 image <c>[4, height, width]</c>: agent, wall, goal, hazard channels (CNN learners).</summary>
    Channels,
}

/// <summary>Turns the agent's cell into an observation of type <typeparamref name="TObs"/>.</summary>
public interface IGridObservation<TObs>
{
    Space<TObs> Space { get; }

    /// <summary>The observation for the agent at <paramref name="agentIndex"/>; array results are reused buffers.</summary>
    TObs Encode(int agentIndex);
}

/// <summary><see cref="GridObservationKind.Index"/>: the cell index itself.</summary>
public sealed class IndexObservation(GridMap map) : IGridObservation<int>
{
    public Space<int> Space { get; } = new Discrete(map.CellCount);
    public int Encode(int agentIndex) => agentIndex;
}

/// <summary><see cref="GridObservationKind.OneHot"/>: 1 at the agent's cell, 0 elsewhere (a buffer owned by the env).</summary>
public sealed class OneHotObservation(GridMap map) : IGridObservation<float[]>
{
    private readonly float[] _buffer = new float[map.CellCount];
    public Space<float[]> Space { get; } = new Box<float>(0f, 1f, map.CellCount);

    public float[] Encode(int agentIndex)
    {
        Array.Clear(_buffer);
        _buffer[agentIndex] = 1f;
        return _buffer;
    }
}

/// <summary>
/// <see cref="GridObservationKind.Channels"/>: a channels × height × width image (row-major, a buffer owned by the
/// env). Channel 0 marks the agent, 1 walls, 2 goals (terminal cells with a positive reward), 3 hazards (other
/// terminal cells: holes, lava, non-positive exits).
/// </summary>
public sealed class ChannelsObservation : IGridObservation<float[]>
{
    public const int AgentChannel = 0, WallChannel = 1, GoalChannel = 2, HazardChannel = 3, ChannelCount = 4;
    private readonly float[] _template;
    private readonly float[] _buffer;

    public ChannelsObservation(GridMap map)
    {
        int plane = map.CellCount;
        _template = new float[ChannelCount * plane];
        for (int i = 0; i < plane; i++)
        {
            var cell = map[i];
            if (cell.Kind == GridCellKind.Wall) _template[WallChannel * plane + i] = 1f;
            else if (cell.Terminal) _template[(cell.Reward > 0 ? GoalChannel : HazardChannel) * plane + i] = 1f;
        }
        _buffer = new float[_template.Length];
        Space = new Box<float>(0f, 1f, ChannelCount, map.Height, map.Width);
    }

    public Space<float[]> Space { get; }

    public float[] Encode(int agentIndex)
    {
        _template.CopyTo(_buffer, 0); // fresh static channels, so a caller's edits never leak into the next step
        _buffer[AgentChannel * (_template.Length / ChannelCount) + agentIndex] = 1f;
        return _buffer;
    }
}
