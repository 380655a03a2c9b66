using DotGym.Random;

namespace DotGym.Envs.ToyText;

/// <summary>FrozenLake's built-in maps and Gymnasium's random map generator.</summary>
public static class FrozenLakeMaps
{
    /// <summary>The 4x4 map (Gymnasium's <c>MAPS["4x4"]</c>).</summary>
    public static IReadOnlyList<string> Map4x4 { get; } = ["SFFF", "FHFH", "FFFH", "HFFG"];

    /// <summary>The 8x8 map (Gymnasium's <c>MAPS["8x8"]</c>).</summary>
    public static IReadOnlyList<string> Map8x8 { get; } =
        ["SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"];

    /// <summary>The map registered under <paramref name="mapName"/> ("4x4" or "8x8").</summary>
    public static IReadOnlyList<string> Named(string mapName) => mapName switch
    {
        "4x4" => Map4x4,
        "8x8" => Map8x8,
        _ => throw new ArgumentException($"Unknown FrozenLake map_name '{mapName}'. Use \"4x4\" or \"8x8\", or pass your own map as desc.", nameof(mapName)),
    };

    /// <summary>
    /// A random <paramref name="size"/>×<paramref name="size"/> map with a path from start to goal, identical to
    /// Gymnasium's <c>generate_random_map(size, p, seed)</c>: each attempt draws size² uniforms (a tile is frozen
    /// when its uniform is below p), puts S top-left and G bottom-right, and retries until a depth-first search
    /// finds the goal.
    /// </summary>
    /// <param name="size">Side length, at least 2 (Gymnasium loops forever for 1).</param>
    /// <param name="p">Probability that a tile is frozen; values above 1 count as 1 (as Gymnasium's <c>min(1, p)</c>).</param>
    /// <param name="seed">Seed for reproducible maps; null draws OS entropy.</param>
    public static string[] GenerateRandomMap(int size = 8, double p = 0.8, long? seed = null) =>
        GenerateRandomMap(size, p, seed, out _);

    /// <summary>As <see cref="GenerateRandomMap(int, double, long?)"/>, also reporting how many boards were drawn.</summary>
    /// <param name="size">Side length, at least 2.</param>
    /// <param name="p">Probability that a tile is frozen.</param>
    /// <param name="seed">Seed for reproducible maps; null draws OS entropy.</param>
    /// <param name="attempts">How many boards were drawn until one was valid.</param>
    public static string[] GenerateRandomMap(int size, double p, long? seed, out int attempts)
    {
        if (size < 2) throw new ArgumentOutOfRangeException(nameof(size), size, "A FrozenLake map needs size >= 2 (start and goal share the only tile of a 1x1 map).");
        if (double.IsNaN(p) || p <= 0)
            throw new ArgumentOutOfRangeException(nameof(p), p, "p (the probability that a tile is frozen) must be > 0; with p <= 0 every tile is a hole and no valid map exists.");
        p = Math.Min(1, p);
        var random = Seeding.NpRandom(seed).Generator;
        // numpy's choice(["F", "H"], p=[p, 1 - p]) compares each uniform with the normalised cdf.
        double total = p + (1 - p);
        double frozenBelow = p / total;
        var board = new char[size, size];
        attempts = 0;
        do
        {
            attempts++;
            for (int r = 0; r < size; r++)
                for (int c = 0; c < size; c++)
                    board[r, c] = random.Random() < frozenBelow ? 'F' : 'H';
            board[0, 0] = 'S';
            board[size - 1, size - 1] = 'G';
        } while (!IsValid(board, size));

        var rows = new string[size];
        for (int r = 0; r < size; r++)
        {
            var chars = new char[size];
            for (int c = 0; c < size; c++) chars[c] = board[r, c];
            rows[r] = new string(chars);
        }
        return rows;
    }

    /// <summary>Gymnasium's <c>is_valid</c>: a depth-first search from the top-left tile that avoids holes and succeeds on reaching G.</summary>
    internal static bool IsValid(char[,] board, int size)
    {
        var frontier = new Stack<(int R, int C)>();
        var discovered = new bool[size, size];
        ReadOnlySpan<(int Dr, int Dc)> directions = [(1, 0), (0, 1), (-1, 0), (0, -1)];
        frontier.Push((0, 0));
        while (frontier.Count > 0)
        {
            var (r, c) = frontier.Pop();
            if (discovered[r, c]) continue;
            discovered[r, c] = true;
            foreach (var (dr, dc) in directions)
            {
                int rn = r + dr, cn = c + dc;
                if (rn < 0 || rn >= size || cn < 0 || cn >= size) continue;
                if (board[rn, cn] == 'G') return true;
                if (board[rn, cn] != 'H') frontier.Push((rn, cn));
            }
        }
        return false;
    }
}
