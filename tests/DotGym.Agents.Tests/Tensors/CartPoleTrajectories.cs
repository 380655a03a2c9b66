using System.Globalization;
using System.Text.Json;
using DotGym.Tests.Reference;

namespace DotGym.Agents.Tests.Tensors;

/// <summary>Gymnasium's 200-step CartPole-v1 reference trajectories (tests/reference/gymnasium/cartpole_trajectories.json).</summary>
internal static class CartPoleTrajectories
{
    public sealed record Trajectory(double[] InitialState, int[] Actions, int? FirstDone);

    public static IReadOnlyList<Trajectory> All { get; } = Load();

    private static List<Trajectory> Load()
    {
        using var document = ReferenceData.Load("cartpole_trajectories.json");
        return document.RootElement.GetProperty("trajectories").EnumerateArray().Select(t => new Trajectory(
            t.GetProperty("initial_state").EnumerateArray().Select(ReferenceData.AsDouble).ToArray(),
            t.GetProperty("actions").EnumerateArray().Select(a => a.GetInt32()).ToArray(),
            t.GetProperty("first_done_index").ValueKind == JsonValueKind.Null ? null : t.GetProperty("first_done_index").GetInt32())).ToList();
    }

    public static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
