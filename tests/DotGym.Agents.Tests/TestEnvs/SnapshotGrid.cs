using DotGym.Spaces;

namespace DotGym.Agents.Tests.TestEnvs;

/// <summary>
/// The 4x4 grid with its own step limit and a state snapshot (cell, steps) through
/// <see cref="IEnv.SaveState"/>: lets the resume test prove bit-identical continuation.
/// </summary>
public sealed class SnapshotGrid : Env<int, int>
{
    private readonly Grid4x4 _grid = new();
    public override Space<int> ObservationSpace => _grid.ObservationSpace;
    public override Space<int> ActionSpace => _grid.ActionSpace;
    public int Cell { get; set; }
    public int Steps { get; set; }

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        Steps = 0;
        Cell = _grid.Reset(seed).Observation;
        return new ResetResult<int>(Cell, Infos.Empty);
    }

    public override StepResult<int> Step(int action)
    {
        SetCell(Cell);
        var r = _grid.Step(action);
        Cell = r.Observation;
        Steps++;
        return Steps >= 20 && !r.Terminated ? r with { Truncated = true } : r;
    }

    // The grid keeps its cell privately; replay it by resetting and walking (test-only, cheap on a 4x4 map).
    private void SetCell(int cell)
    {
        _grid.Reset();
        int row = cell / 4, col = cell % 4;
        for (int r = 0; r < row; r++) _grid.Step(1);
        for (int c = 0; c < col; c++) _grid.Step(2);
    }

    public override bool SupportsStateSnapshot => true;

    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(Cell);
        writer.Write(Steps);
    }

    public override void LoadState(BinaryReader reader)
    {
        Cell = reader.ReadInt32();
        Steps = reader.ReadInt32();
    }
}
