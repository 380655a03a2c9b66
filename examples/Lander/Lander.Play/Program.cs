using System.Globalization;
using DotGym.Rendering;
using DotGym.Runtime;
using Lander;
using Lander.Play;

// The shipped game: the lander flown by the trained policy (see ../README.md).
//   Lander.Play [--policy FILE] [--episodes N] [--seed S] [--gif FILE] [--gif-episodes K]
var options = Options.Parse(args);
var policy = RuntimePolicy.Load(options.Policy);

FlightReport report;
if (options.Gif is null) report = Flights.Fly(policy, options.Episodes, options.Seed);
else
{
    using var file = new AtomicFile(options.Gif);   // a temporary file, moved into place when complete
    using (var gif = new GifWriter(file.Stream, LanderRenderer.Width, LanderRenderer.Height, fps: 20, leaveOpen: true))
    {
        report = Flights.Fly(policy, options.Episodes, options.Seed, gif, options.GifEpisodes);
        gif.Finish();
    }
    file.Commit();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Lander: {report.Episodes} episodes from seed {options.Seed}: landed {report.Landed} ({100 * report.LandingRate:0.#} %), mean return {report.MeanReturn:0.00}"));
Console.WriteLine($"checksum: {report.Checksum:x16}");
if (options.Gif is not null) Console.WriteLine($"GIF of the first {Math.Min(options.GifEpisodes, options.Episodes)} episode(s): {options.Gif}");
return 0;

/// <summary>The command line, parsed by hand (a game has no CLI library to spare).</summary>
internal sealed record Options(string Policy, int Episodes, long Seed, string? Gif, int GifEpisodes)
{
    public static Options Parse(string[] args)
    {
        var o = new Options(Path.Combine(AppContext.BaseDirectory, "lander.dgpolicy"), 100, 10_000, null, 3);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            o = args[i] switch
            {
                "--policy" => o with { Policy = Next() },
                "--episodes" => o with { Episodes = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--gif" => o with { Gif = Next() },
                "--gif-episodes" => o with { GifEpisodes = int.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: Lander.Play [--policy FILE] [--episodes N] [--seed S] [--gif FILE] [--gif-episodes K]"),
            };
        }
        if (o.Episodes < 1) throw new ArgumentException("--episodes must be at least 1.");
        return o;
    }
}
