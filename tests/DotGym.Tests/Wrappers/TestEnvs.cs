using DotGym.Rendering;
using DotGym.Spaces;

namespace DotGym.Tests.Wrappers;

/// <summary>
/// A small, well-behaved env for wrapper tests: a walker on a line with a noisy second coordinate. Observations
/// are an env-owned buffer (overwritten every reset/step) to catch wrappers that keep references.
/// Terminates when |x| reaches 3; never truncates by itself.
/// </summary>
public sealed class WalkerEnv : Env<float[], int>
{
    private readonly float[] _observation = new float[2];
    private readonly Canvas _canvas = new(8, 6);
    private int _steps;

    public WalkerEnv(string? renderMode = null)
    {
        if (renderMode is not null && !Metadata.RenderModes.Contains(renderMode))
            throw new ArgumentException($"Unknown render mode {renderMode}.", nameof(renderMode));
        RenderMode = renderMode;
    }

    public static readonly EnvMetadata WalkerMetadata = new() { RenderModes = [RenderModes.Ansi, RenderModes.RgbArray], RenderFps = 10 };
    public override EnvMetadata Metadata => WalkerMetadata;
    public override Space<float[]> ObservationSpace { get; } = new Box<float>(-10f, 10f, 2);
    public override Space<int> ActionSpace { get; } = new Discrete(3);
    public int ResetCount { get; private set; }

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        ResetCount++;
        _steps = 0;
        _observation[0] = (float)NpRandom.Uniform(-1, 1);
        _observation[1] = (float)NpRandom.Uniform(-1, 1);
        return new ResetResult<float[]>(_observation, Infos.Empty);
    }

    public override StepResult<float[]> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        _steps++;
        _observation[0] += (action - 1) * 0.5f;
        _observation[1] = (float)NpRandom.Uniform(-1, 1);
        bool terminated = Math.Abs(_observation[0]) >= 3;
        double reward = action == 2 ? 1.0 : -0.25;
        return new StepResult<float[]>(_observation, reward, terminated, false, Infos.Empty);
    }

    public override RenderFrame? Render()
    {
        switch (RenderMode)
        {
            case RenderModes.Ansi:
                return RenderFrame.FromText($"x={_observation[0]:F2} step={_steps}");
            case RenderModes.RgbArray:
                _canvas.Clear(Rgb.White);
                int x = Math.Clamp((int)((_observation[0] + 3) / 6 * 8), 0, 7);
                _canvas.FillRect(x, 1, x + 1, 5, new Rgb(200, 30, 30));
                _canvas.SetPixel(_steps % 8, 0, new Rgb(0, 0, (byte)(_steps * 10)));
                return RenderFrame.FromImage(_canvas.Image); // env-owned, redrawn every call
            default:
                return null;
        }
    }
}

/// <summary>A continuous-control env that records the action it received (for action wrapper tests).</summary>
public sealed class ReachEnv : Env<double[], float[]>
{
    private readonly double[] _observation = new double[3];

    public override Space<double[]> ObservationSpace { get; } = new Box<double>(-5.0, 5.0, 3);
    public override Space<float[]> ActionSpace { get; } = new Box<float>([-2f, 0f], [2f, 1f]);
    public float[]? LastAction { get; private set; }

    public override ResetResult<double[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        Array.Clear(_observation);
        _observation[2] = NpRandom.Uniform(-1, 1);
        return new ResetResult<double[]>(_observation, Infos.Empty);
    }

    public override StepResult<double[]> Step(float[] action)
    {
        ActionSpace.EnsureContains(action);
        LastAction = (float[])action.Clone();
        _observation[0] = action[0];
        _observation[1] = action[1];
        _observation[2] = NpRandom.Uniform(-1, 1);
        return new StepResult<double[]>(_observation, -(action[0] * action[0] + action[1] * action[1]), false, false, Infos.Empty);
    }
}

/// <summary>An env whose observations are discrete states (for flattening tests).</summary>
public sealed class GridEnv : Env<int, int>
{
    private int _state;

    public override Space<int> ObservationSpace { get; } = new Discrete(5);
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    public override ResetResult<int> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _state = (int)NpRandom.Integers(5);
        return new ResetResult<int>(_state, Infos.Empty);
    }

    public override StepResult<int> Step(int action)
    {
        _state = Math.Clamp(_state + (action == 1 ? 1 : -1), 0, 4);
        return new StepResult<int>(_state, _state == 4 ? 1 : 0, _state == 4, false, Infos.With(Infos.Empty, "state", _state));
    }
}
