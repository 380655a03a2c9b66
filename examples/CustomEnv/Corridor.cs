using DotGym;
using DotGym.Spaces;

/// <summary>Walk right along a corridor of <c>length</c> cells to reach the exit; each step costs 0.01.</summary>
public sealed class Corridor(int length = 8) : Env<int, int>
{
    private int _position;

    public override Space<int> ObservationSpace { get; } = new Discrete(length);
    public override Space<int> ActionSpace { get; } = new Discrete(2); // 0: left, 1: right

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);                                   // like Gymnasium's super().reset(seed=seed)
        _position = (int)NpRandom.Integers(length / 2);     // random start in the left half
        return new(_position, Infos.Empty);
    }

    public override StepResult<int> Step(int action)
    {
        ActionSpace.EnsureContains(action);                 // clear error for a bad action
        _position = Math.Clamp(_position + (action == 1 ? 1 : -1), 0, length - 1);
        bool atExit = _position == length - 1;
        return new(_position, atExit ? 1.0 : -0.01, Terminated: atExit, Truncated: false, Infos.Empty);
    }
}
