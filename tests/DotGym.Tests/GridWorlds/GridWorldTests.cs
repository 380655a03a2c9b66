using DotGym.Envs.GridWorlds;
using DotGym.Random;
using DotGym.Registration;
using DotGym.Spaces;
using FsCheck.Xunit;

namespace DotGym.Tests.GridWorlds;

/// <summary>Dynamics, encodings, presets, renders and map errors of the configurable grid world.</summary>
public class GridWorldTests
{
    private static GridWorldEnv<int> Make(string map, double slip = 0, double stepReward = 0, int? maxSteps = null) =>
        GridWorld.Index(new GridWorldOptions { Map = GridMap.Parse(map), SlipProbability = slip, StepReward = stepReward, MaxSteps = maxSteps });

    [Fact]
    public void Open_4x4_optimal_path_earns_one()
    {
        var env = Gym.Make<int, int>("GridWorld-4x4-v0");
        Assert.Equal(0, env.Reset(seed: 0).Observation);
        double total = 0;
        StepResult<int> step = default;
        foreach (var a in new[] { 2, 2, 2, 1, 1, 1 })
        {
            step = env.Step(a);
            total += step.Reward;
        }
        Assert.Equal((15, 1.0, true), (step.Observation, total, step.Terminated));
    }

    [Theory]
    [InlineData("GridWorld-4x4-v0", 6, 1.0)]
    [InlineData("GridWorld-8x8-v0", 14, 1.0)]
    [InlineData("GridWorld-Maze-v0", 26, 1.0 - 26 * 0.01)]
    public void Presets_are_solvable_by_the_shortest_path(string id, int expectedLength, double expectedReturn)
    {
        var env = Gym.Make<int, int>(id);
        var grid = (GridWorldEnv<int>)env.Unwrapped;
        var path = ShortestPath(grid.Map);
        Assert.Equal(expectedLength, path.Count);
        env.Reset(seed: 0);
        double total = 0;
        StepResult<int> step = default;
        foreach (var a in path)
        {
            step = env.Step(a);
            total += step.Reward;
        }
        Assert.True(step.Terminated);
        Assert.Equal(expectedReturn, total, 12);
        Assert.True(total >= Gym.Spec(id).RewardThreshold!.Value);
    }

    [Fact]
    public void Walls_and_borders_block_without_reward()
    {
        var env = Make("S#G", stepReward: -0.5);
        env.Reset(seed: 0);
        var right = env.Step(GridWorldEnv<int>.Right);
        Assert.Equal((0, -0.5, false), (right.Observation, right.Reward, right.Terminated));
        var left = env.Step(GridWorldEnv<int>.Left);
        Assert.Equal(0, left.Observation);
        var up = env.Step(GridWorldEnv<int>.Up);
        Assert.Equal(0, up.Observation);
    }

    [Fact]
    public void Lava_and_exits_pay_their_reward_and_terminate_then_absorb()
    {
        var env = Make("L S 7".Replace(" ", "."), stepReward: -0.01);
        env.Reset(seed: 0);
        env.Step(GridWorldEnv<int>.Left);
        var lava = env.Step(GridWorldEnv<int>.Left);
        Assert.Equal((0, -1.01, true), (lava.Observation, lava.Reward, lava.Terminated));
        var after = env.Step(GridWorldEnv<int>.Right);
        Assert.Equal((0, 0.0, true), (after.Observation, after.Reward, after.Terminated));

        env.Reset();
        env.Step(GridWorldEnv<int>.Right);
        var exit = env.Step(GridWorldEnv<int>.Right);
        Assert.Equal((4, 6.99, true), (exit.Observation, exit.Reward, exit.Terminated));
    }

    [Fact]
    public void Custom_legend_cells_pay_on_entry_only()
    {
        var legend = GridLegend.Default.With('c', GridCell.Floor(0.5));
        var env = GridWorld.Index(new GridWorldOptions { Map = GridMap.Parse("Sc#", legend) });
        env.Reset(seed: 0);
        Assert.Equal(0.5, env.Step(GridWorldEnv<int>.Right).Reward);
        Assert.Equal(0.0, env.Step(GridWorldEnv<int>.Right).Reward); // bumped the wall: stayed on the coin, no reward
    }

    [Fact]
    public void Slips_go_sideways_with_the_configured_probability()
    {
        var env = Make("...\n.S.\n...", slip: 0.3);
        env.Reset(seed: 123);
        const int trials = 20000;
        int straight = 0, up = 0, down = 0;
        for (int i = 0; i < trials; i++)
        {
            env.Reset();
            var step = env.Step(GridWorldEnv<int>.Right);
            bool slipped = (bool)step.Info["slipped"];
            switch (step.Observation)
            {
                case 5: straight++; Assert.False(slipped); Assert.Equal(0.7, (double)step.Info["prob"], 15); break;
                case 1: up++; Assert.True(slipped); break;
                case 7: down++; Assert.True(slipped); break;
                default: Assert.Fail($"moved to {step.Observation}"); break;
            }
        }
        // 5 standard deviations of a binomial proportion: a wrong implementation fails, a right one practically never.
        double Tolerance(double p) => 5 * Math.Sqrt(p * (1 - p) / trials);
        Assert.InRange(straight / (double)trials, 0.7 - Tolerance(0.7), 0.7 + Tolerance(0.7));
        Assert.InRange(up / (double)trials, 0.15 - Tolerance(0.15), 0.15 + Tolerance(0.15));
        Assert.InRange(down / (double)trials, 0.15 - Tolerance(0.15), 0.15 + Tolerance(0.15));
    }

    [Fact]
    public void Every_step_draws_exactly_one_uniform_even_without_slip()
    {
        var env = Make("S...G");
        env.Reset(seed: 42);
        for (int i = 0; i < 5; i++) env.Step(GridWorldEnv<int>.Up);
        var reference = Seeding.NpRandom(42).Generator;
        for (int i = 0; i < 5; i++) reference.Random();
        Assert.Equal(reference.Random(), env.NpRandom.Random());
    }

    [Fact]
    public void Max_steps_truncate()
    {
        var env = Make("S..G", maxSteps: 2);
        env.Reset(seed: 0);
        Assert.False(env.Step(GridWorldEnv<int>.Up).Truncated);
        var second = env.Step(GridWorldEnv<int>.Up);
        Assert.True(second.Truncated);
        Assert.False(second.Terminated);
    }

    [Fact]
    public void Encodings_show_the_agent_and_the_map()
    {
        var options = new GridWorldOptions { Map = GridMap.Parse("S#\nLG") };
        var index = GridWorld.Index(options);
        Assert.Equal(4, ((Discrete)index.ObservationSpace).N);

        var oneHot = GridWorld.OneHot(options);
        var hot = oneHot.Reset(seed: 0).Observation;
        Assert.Equal([1f, 0f, 0f, 0f], hot);
        Assert.True(oneHot.ObservationSpace.Contains(hot));

        var channels = GridWorld.Channels(options);
        var image = channels.Reset(seed: 0).Observation;
        Assert.Equal([4, 2, 2], channels.ObservationSpace.Shape);
        Assert.Equal(new float[]
        {
            1, 0, 0, 0, // agent
            0, 1, 0, 0, // walls
            0, 0, 0, 1, // goals
            0, 0, 1, 0, // hazards
        }, image);
        Assert.True(channels.ObservationSpace.Contains(image));
        var moved = channels.Step(GridWorldEnv<float[]>.Down).Observation; // into the lava
        Assert.Equal([0f, 0f, 1f, 0f], moved[..4]);
    }

    [Fact]
    public void Kwargs_choose_the_observation_and_reject_mistakes()
    {
        var env = Gym.Make("GridWorld-8x8-v0", new Dictionary<string, object> { ["observation"] = "channels" });
        Assert.Equal([4, 8, 8], env.ObservationSpace.Shape);
        Assert.Contains("one_hot", Assert.Throws<ArgumentException>(() => Gym.Make("GridWorld-4x4-v0", new Dictionary<string, object> { ["observation"] = "pixels" })).Message);
        Assert.Contains("slip_prob", Assert.Throws<ArgumentException>(() => Gym.Make("GridWorld-4x4-v0", new Dictionary<string, object> { ["slip_prob"] = 0.1 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Make("S.G", slip: 1.5));
        Assert.Equal(0.2, ((GridWorldEnv<int>)Gym.Make("GridWorld-LavaSlip-v0").Unwrapped).Options.SlipProbability);
    }

    [Theory]
    [InlineData("", null, null, "empty")]
    [InlineData("...\n..G", null, null, "no start")]
    [InlineData("S..\n.S.\n..G", 1, 1, "row 0 column 0, row 1 column 1")]
    [InlineData("S..\n..\n..G", 1, null, "Row 1 has 2 cells but row 0 has 3")]
    [InlineData("S..\n.x.\n..G", 1, 1, "Row 1, column 1: unknown cell 'x'")]
    public void Bad_maps_name_the_place_and_the_fix(string text, int? row, int? column, string expected)
    {
        var error = Assert.Throws<GridMapException>(() => GridMap.Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.Equal((row, column), (error.Row, error.Column));
    }

    [Fact]
    public void Map_text_is_trimmed_and_round_trips()
    {
        var map = GridMap.Parse("\n   S.#\n   .LG  \n\n");
        Assert.Equal((2, 3, 0), (map.Height, map.Width, map.StartIndex));
        Assert.Equal("S.#\n.LG", map.ToString());
        Assert.Equal(GridCellKind.Lava, map[1, 1].Kind);
    }

    [Fact]
    public void Renders_text_and_image()
    {
        var text = GridWorld.Index(new GridWorldOptions { Map = GridMap.Parse("S.\n#G") }, RenderModes.Ansi);
        text.Reset(seed: 0);
        Assert.Equal("\n\u001b[41mS\u001b[0m.\n#G\n", text.Render()!.Text);
        text.Step(GridWorldEnv<int>.Right);
        Assert.StartsWith("  (Right)\nS\u001b[41m.\u001b[0m", text.Render()!.Text);

        var image = GridWorld.Index(new GridWorldOptions { Map = GridMap.Parse(GridWorldPresets.Open4x4) }, RenderModes.RgbArray);
        image.Reset(seed: 0);
        var frame = image.Render()!.Image!;
        Assert.Equal((192, 192), (frame.Width, frame.Height));
        int centre = (24 * frame.Width + 24) * 3; // middle of the start cell: the agent disc
        Assert.Equal(new byte[] { 30, 90, 220 }, frame.Pixels[centre..(centre + 3)]);
    }

    [Property(MaxTest = 50)]
    public bool Agent_stays_on_walkable_cells(int seed, byte[] actions)
    {
        var env = Make(GridWorldPresets.Maze, slip: 0.25);
        var obs = env.Reset(seed & int.MaxValue).Observation;
        foreach (var a in actions)
        {
            var step = env.Step(a % 4);
            obs = step.Observation;
            if (!env.Map[obs].IsWalkable || !env.ObservationSpace.Contains(obs)) return false;
            if (step.Terminated) obs = env.Reset().Observation;
        }
        return true;
    }

    /// <summary>Breadth-first shortest action sequence from the start to the nearest positive terminal cell.</summary>
    private static List<int> ShortestPath(GridMap map)
    {
        (int Dr, int Dc)[] deltas = [(0, -1), (1, 0), (0, 1), (-1, 0)];
        var previous = new Dictionary<int, (int From, int Action)> { [map.StartIndex] = (-1, -1) };
        var queue = new Queue<int>([map.StartIndex]);
        while (queue.Count > 0)
        {
            int cell = queue.Dequeue();
            if (map[cell].Terminal && map[cell].Reward > 0)
            {
                var path = new List<int>();
                for (int at = cell; previous[at].From >= 0; at = previous[at].From) path.Add(previous[at].Action);
                path.Reverse();
                return path;
            }
            if (map[cell].Terminal) continue;
            for (int a = 0; a < 4; a++)
            {
                int r = cell / map.Width + deltas[a].Dr, c = cell % map.Width + deltas[a].Dc;
                if (r < 0 || r >= map.Height || c < 0 || c >= map.Width || !map[r, c].IsWalkable) continue;
                int next = r * map.Width + c;
                if (previous.TryAdd(next, (cell, a))) queue.Enqueue(next);
            }
        }
        throw new InvalidOperationException("no path to a goal");
    }
}
