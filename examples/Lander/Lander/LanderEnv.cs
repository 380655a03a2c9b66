using DotGym;
using DotGym.Rendering;
using DotGym.Spaces;

namespace Lander;

/// <summary>
/// <see cref="LanderPhysics"/> as a DotGym env, so PPO can train on it: observation (x, y, vx, vy) as float32,
/// actions Discrete(4) (nothing, main engine, push left, push right). Reward: the decrease of 100 × the distance to
/// resting on the pad each step (potential-based shaping), minus 0.3 per main-engine step and 0.03 per side-thruster
/// step; +100 for a soft landing on the pad, -100 for a crash or leaving the field (both terminate). Registered as
/// Lander-v0 with a 400-step limit (20 s of game time). The trained policy's soft landings score about 200 to 240
/// (the shaping adds 100 × the distance covered, then the landing bonus).
/// </summary>
public sealed class LanderEnv : Env<float[], int>
{
    public const string Id = "Lander-v0";
    public const int MaxSteps = 400;

    /// <summary>The registered reward threshold: a mean return that only soft landings reach.</summary>
    public const double SolvedReturn = 200;
    private static readonly EnvMetadata ClassMetadata = new() { RenderModes = [RenderModes.RgbArray], RenderFps = 20 };

    private readonly LanderPhysics _game = new();
    private readonly float[] _observation = new float[4];
    private bool _started;

    /// <param name="renderMode">"rgb_array" (a 240x160 image) or null.</param>
    public LanderEnv(string? renderMode = null)
    {
        if (renderMode is not null && renderMode != RenderModes.RgbArray)
            throw new ArgumentException($"Lander-v0 renders only \"{RenderModes.RgbArray}\", not \"{renderMode}\".", nameof(renderMode));
        RenderMode = renderMode;
    }

    public override Space<float[]> ObservationSpace { get; } = new Box<float>([-1.5f, 0f, -5f, -5f], [1.5f, 2f, 5f, 5f]);
    public override Space<int> ActionSpace { get; } = new Discrete(4);
    public override EnvMetadata Metadata => ClassMetadata;

    /// <summary>The game behind the env (the example's own loop drives it directly).</summary>
    public LanderPhysics Game => _game;

    public override ResetResult<float[]> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        SeedRandom(seed);
        _game.Start(NpRandom.Uniform(-0.8, 0.8), NpRandom.Uniform(-0.3, 0.3), NpRandom.Uniform(-0.2, 0.0));
        _started = true;
        return new(Observe(), Infos.Empty);
    }

    public override StepResult<float[]> Step(int action)
    {
        ActionSpace.EnsureContains(action);
        double before = _game.Distance;
        _game.Step((LanderPhysics.Control)action);
        double reward = 100 * (before - _game.Distance) - (action == 1 ? 0.3 : action == 0 ? 0 : 0.03);
        if (_game.Result is { } outcome) reward += outcome == Outcome.Landed ? 100 : -100;
        return new(Observe(), reward, Terminated: _game.Result is not null, Truncated: false, Infos.Empty);
    }

    public override RenderFrame? Render() => RenderMode is null || !_started ? null : RenderFrame.FromImage(LanderRenderer.Draw(_game));

    private float[] Observe()
    {
        _observation[0] = (float)_game.X;
        _observation[1] = (float)_game.Y;
        _observation[2] = (float)_game.VelocityX;
        _observation[3] = (float)_game.VelocityY;
        return _observation;
    }
}
