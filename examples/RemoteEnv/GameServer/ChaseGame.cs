using DotGym.GameLoop;
using DotGym.Spaces;

/// <summary>The game's world: a runner on a line, a target it must reach. The game owns its update.</summary>
public sealed class ChaseWorld
{
    public const int HalfWidth = 10;
    public int Position, Target, Velocity;

    /// <summary>One frame of game logic, after the agent acted: move, pay for time, pay for reaching the target.</summary>
    public void Update(ChaseAgent agent)
    {
        Position = Math.Clamp(Position + Velocity, -HalfWidth, HalfWidth);
        agent.AddReward(-0.01);
        if (Position == Target)
        {
            agent.AddReward(1.0);
            agent.EndEpisode();
        }
    }
}

/// <summary>
/// The agent inside the game: sees (position, target), picks left / stay / right. It decides every 2 frames and
/// repeats its action in between; an episode lasts at most 60 frames. The heuristic walks to the target.
/// </summary>
public sealed class ChaseAgent : GameAgent<float[], int>
{
    private readonly float[] _observation = new float[2];

    public ChaseAgent(ChaseWorld world)
        : base(new Box<float>(-ChaseWorld.HalfWidth, ChaseWorld.HalfWidth, 2), new Discrete(3))
    {
        World = world;
        DecisionPeriod = 2;
        MaxStep = 60;
    }

    public ChaseWorld World { get; }

    protected override void OnEpisodeBegin()
    {
        World.Position = 0;
        World.Velocity = 0;
        int distance = (int)Random.Integers(2, ChaseWorld.HalfWidth + 1);
        World.Target = Random.Integers(2) == 0 ? -distance : distance;
    }

    protected override float[] CollectObservations()
    {
        _observation[0] = World.Position;
        _observation[1] = World.Target;
        return _observation;
    }

    protected override void OnActionReceived(int action) => World.Velocity = action - 1;

    protected override int Heuristic(float[] observation) => Math.Sign(observation[1] - observation[0]) + 1;
}
