using DotGym.GameLoop;
using DotGym.Spaces;

namespace DotGym.Tests.GameLoop;

/// <summary>
/// A tiny program with its own world: a runner on a line chases a target. The world moves the runner by its
/// velocity each frame, costs 0.01 per frame and pays 1 (ending the episode) when the runner reaches the target.
/// </summary>
public sealed class ChaseWorld
{
    public int Position;
    public int Target;
    public int Velocity;
    public int Frames;
    public ChaseAgent? Agent;

    /// <summary>One frame of game logic, after the agent acted.</summary>
    public void Update()
    {
        Frames++;
        Position = Math.Clamp(Position + Velocity, -20, 20);
        Agent!.AddReward(-0.01);
        if (Position == Target)
        {
            Agent.AddReward(1.0);
            Agent.EndEpisode();
        }
    }
}

/// <summary>Sees (position, target), picks left / stay / right; the heuristic walks toward the target.</summary>
public sealed class ChaseAgent : GameAgent<float[], int>
{
    private readonly float[] _observation = new float[2];

    public ChaseAgent(ChaseWorld world) : base(new Box<float>(-20f, 20f, 2), new Discrete(3))
    {
        World = world;
        world.Agent = this;
    }

    public ChaseWorld World { get; }
    public int ActionsReceived { get; private set; }
    public int EpisodesBegun { get; private set; }

    protected override void OnEpisodeBegin()
    {
        EpisodesBegun++;
        World.Position = 0;
        World.Velocity = 0;
        World.Target = (int)Random.Integers(3, 8) * (Random.Integers(2) == 0 ? -1 : 1);
        AddReward(5.0); // set-up rewards belong to no decision
    }

    protected override float[] CollectObservations()
    {
        _observation[0] = World.Position;
        _observation[1] = World.Target;
        return _observation;
    }

    protected override void OnActionReceived(int action)
    {
        ActionsReceived++;
        World.Velocity = action - 1;
    }

    protected override int Heuristic(float[] observation) => Math.Sign(observation[1] - observation[0]) + 1;
}

/// <summary>An agent that neither has a heuristic nor a policy.</summary>
public sealed class SilentAgent() : GameAgent<int, int>(new Discrete(2), new Discrete(2))
{
    protected override int CollectObservations() => 0;
    protected override void OnActionReceived(int action) { }
}
