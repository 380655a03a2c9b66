using DotGym.Checking;
using DotGym.GameLoop;
using DotGym.Random;
using DotGym.Vector;
using DotGym.Wrappers;

namespace DotGym.Tests.GameLoop;

public class GameLoopTests
{
    private static (GameEnv<float[], int> Env, ChaseAgent Agent) Make(int decisionPeriod = 1, int maxStep = 0, bool repeat = true)
    {
        var world = new ChaseWorld();
        var agent = new ChaseAgent(world) { DecisionPeriod = decisionPeriod, MaxStep = maxStep, TakeActionsBetweenDecisions = repeat };
        return (new GameEnv<float[], int>(agent, world.Update), agent);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4, 30)]
    public void The_adapter_passes_the_env_checker(int decisionPeriod, int maxStep)
    {
        var (env, _) = Make(decisionPeriod, maxStep);
        Assert.Empty(EnvChecker.Check(env)); // throws, listing the failures, when the adapter breaks the contract
    }

    [Fact]
    public void A_step_plays_the_frames_of_one_decision_and_sums_their_rewards()
    {
        var (env, agent) = Make(decisionPeriod: 3);
        var reset = env.Reset(seed: 7);
        int target = (int)reset.Observation[1];
        Assert.Equal(0.0, agent.RewardSinceDecision); // OnEpisodeBegin's reward belongs to no decision

        var step = env.Step(target > 0 ? 2 : 0);
        Assert.Equal(3, agent.World.Frames);
        Assert.Equal(3, agent.ActionsReceived); // repeated on the frames in between
        Assert.Equal(3 * Math.Sign(target), step.Observation[0]);
        Assert.Equal(-0.03, step.Reward, 12);
        Assert.False(step.Terminated || step.Truncated);
        Assert.Equal(3, agent.StepCount);
    }

    [Fact]
    public void Without_repeated_actions_only_decision_frames_act()
    {
        var (env, agent) = Make(decisionPeriod: 4, repeat: false);
        env.Reset(seed: 1);
        env.Step(1);
        env.Step(1);
        Assert.Equal(8, agent.World.Frames);
        Assert.Equal(2, agent.ActionsReceived);
    }

    [Fact]
    public void MaxStep_counts_frames_and_truncates_the_step_that_reaches_it()
    {
        var (env, agent) = Make(decisionPeriod: 3, maxStep: 10);
        env.Reset(seed: 3);
        var results = new List<StepResult<float[]>>();
        for (int i = 0; i < 4; i++) results.Add(env.Step(1)); // stay: never reaches the target
        Assert.All(results.Take(3), r => Assert.False(r.Terminated || r.Truncated));
        Assert.True(results[3].Truncated);
        Assert.False(results[3].Terminated);
        Assert.Equal(10, agent.World.Frames); // frames 0-2, 3-5, 6-8, then only frame 9
        Assert.Equal(-0.01, results[3].Reward, 12);
        Assert.Equal(1, agent.CompletedEpisodes);
        Assert.Throws<ResetNeededException>(() => env.Step(1));
    }

    [Fact]
    public void Reaching_the_target_on_the_last_allowed_frame_terminates_rather_than_truncates()
    {
        var (env, agent) = Make(decisionPeriod: 1, maxStep: 3);
        env.Reset(seed: 0);
        agent.World.Target = 3;
        var r1 = env.Step(2);
        var r2 = env.Step(2);
        var r3 = env.Step(2);
        Assert.False(r1.Terminated || r1.Truncated || r2.Terminated || r2.Truncated);
        Assert.True(r3.Terminated);
        Assert.False(r3.Truncated);
        Assert.Equal(0.99, r3.Reward, 12);
    }

    [Fact]
    public void A_terminal_end_stops_the_step_before_the_next_decision_frame()
    {
        var (env, agent) = Make(decisionPeriod: 5);
        env.Reset(seed: 2);
        agent.World.Target = 2;
        var step = env.Step(2);
        Assert.True(step.Terminated);
        Assert.Equal(2, agent.World.Frames);
        Assert.Equal(2f, step.Observation[0]); // the terminal observation, before any new episode
        Assert.Equal(0.98, step.Reward, 12);
    }

    [Fact]
    public void Heuristic_control_plays_the_game_in_its_own_loop_and_restarts_ended_episodes()
    {
        var world = new ChaseWorld();
        var agent = new ChaseAgent(world) { DecisionPeriod = 2 };
        agent.Random = Seeding.NpRandom(5).Generator;
        var scores = new List<double>();
        for (int frame = 0; frame < 200; frame++)
        {
            if (agent.IsEpisodeOver && agent.StepCount > 0) scores.Add(agent.CumulativeReward);
            agent.Tick();      // the agent's part of the frame
            world.Update();    // the program's world
        }
        Assert.True(scores.Count >= 10, $"the heuristic finished only {scores.Count} episodes in 200 frames");
        Assert.All(scores, s => Assert.True(s > 0.9, $"the heuristic should reach the target directly, scored {s}"));
        Assert.Equal(scores.Count + 1, agent.EpisodesBegun);
    }

    [Fact]
    public void The_shipped_loop_and_the_training_env_play_the_same_frames()
    {
        // A policy drives the shipped loop; the same policy drives the env: same positions, frames and returns.
        static int Policy(float[] o) => o[1] > o[0] ? 2 : 0;

        var shippedWorld = new ChaseWorld();
        var shipped = new ChaseAgent(shippedWorld) { DecisionPeriod = 3, MaxStep = 40, Policy = Policy };
        shipped.Random = Seeding.NpRandom(11).Generator;
        var shippedPositions = new List<int>();
        shipped.Tick();
        shippedWorld.Update();
        while (!shipped.IsEpisodeOver)
        {
            if (shipped.IsDecisionFrame) shippedPositions.Add(shippedWorld.Position);
            shipped.Tick();
            shippedWorld.Update();
        }

        var (env, agent) = Make(decisionPeriod: 3, maxStep: 40);
        var observation = env.Reset(seed: 11).Observation;
        var trainedPositions = new List<int>();
        while (true)
        {
            var step = env.Step(Policy(observation));
            if (step.Terminated || step.Truncated) break;
            observation = step.Observation;
            trainedPositions.Add((int)observation[0]);
        }
        Assert.Equal(shippedPositions, trainedPositions);
        Assert.Equal(shippedWorld.Frames, agent.World.Frames);
        Assert.Equal(shipped.CumulativeReward, agent.CumulativeReward, 12);
    }

    [Fact]
    public void Copies_of_the_program_batch_into_a_vector_env()
    {
        using var vec = new SyncVectorEnv<float[], int>(4, _ => Make(decisionPeriod: 2).Env);
        var reset = vec.Reset(seed: 9);
        Assert.Equal([4, 2], reset.Observations.Shape);
        var step = vec.Step([2, 2, 0, 0]);
        Assert.All(step.Rewards, r => Assert.True(r < 0 || r > 0.9));
    }

    [Fact]
    public void No_policy_and_no_heuristic_is_a_clear_error()
    {
        var agent = new SilentAgent();
        var e = Assert.Throws<InvalidOperationException>(agent.Tick);
        Assert.Contains("Policy", e.Message);
        Assert.Contains("Heuristic", e.Message);
    }

    [Fact]
    public void A_policy_action_outside_the_space_is_rejected_before_the_world_sees_it()
    {
        var world = new ChaseWorld();
        var agent = new ChaseAgent(world) { Policy = _ => 7 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(agent.Tick);
        Assert.Contains("policy's action", e.Message);
        Assert.Equal(0, agent.ActionsReceived);
    }

    [Fact]
    public void Bad_input_gets_errors_that_name_the_problem()
    {
        var world = new ChaseWorld();
        Assert.Contains("DecisionPeriod", Assert.Throws<ArgumentOutOfRangeException>(() => new ChaseAgent(world) { DecisionPeriod = 0 }).Message);
        Assert.Contains("MaxStep", Assert.Throws<ArgumentOutOfRangeException>(() => new ChaseAgent(world) { MaxStep = -1 }).Message);
        Assert.Contains("before the first episode", Assert.Throws<InvalidOperationException>(() => new ChaseAgent(world).EndEpisode()).Message);
        Assert.Throws<ArgumentNullException>(() => new GameEnv<float[], int>(null!));

        var (env, agent) = Make();
        Assert.Contains("Reset()", Assert.Throws<ResetNeededException>(() => env.Step(1)).Message);
        env.Reset(seed: 0);
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => agent.AddReward(double.NaN)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => agent.SetReward(double.PositiveInfinity)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(3));
        Assert.Equal(0, agent.World.Frames);
    }

    [Fact]
    public void SetReward_replaces_the_reward_of_the_current_decision()
    {
        var (env, agent) = Make();
        env.Reset(seed: 4);
        agent.Decide(1);
        agent.AddReward(2.0);
        agent.SetReward(0.5);
        Assert.Equal(0.5, agent.RewardSinceDecision);
        Assert.Equal(0.5, agent.CumulativeReward);
    }
}
