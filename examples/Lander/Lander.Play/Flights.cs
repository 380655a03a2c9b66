using DotGym.Rendering;
using DotGym.Runtime;

namespace Lander.Play;

/// <summary>What a series of flights came to.</summary>
/// <param name="Episodes">Episodes flown.</param>
/// <param name="Landed">Episodes that ended with a soft landing on the pad.</param>
/// <param name="MeanReturn">Mean episode return (the env's reward).</param>
/// <param name="Checksum">FNV-1a over every episode's return, bit for bit: the JIT and NativeAOT builds must agree.</param>
public sealed record FlightReport(int Episodes, int Landed, double MeanReturn, ulong Checksum)
{
    /// <summary>Share of the episodes that ended with a soft landing on the pad.</summary>
    public double LandingRate => (double)Landed / Episodes;
}

/// <summary>
/// The game's own loop, as a shipped game runs it: observe, ask the policy, step the physics. No training code and
/// no TorchSharp: the policy is a file read by DotGym.Runtime, and <c>Act</c> allocates nothing. Compiled into
/// Lander.Play and into the runtime's NativeAOT test, which compares both builds' reports.
/// </summary>
public static class Flights
{
    /// <summary>Flies <paramref name="episodes"/> episodes, the first reset with <paramref name="seed"/>, the next with seed + 1, ...; the first <paramref name="gifEpisodes"/> go to <paramref name="gif"/>.</summary>
    public static FlightReport Fly(RuntimePolicy policy, int episodes, long seed, GifWriter? gif = null, int gifEpisodes = 0)
    {
        var env = new LanderEnv(gif is null ? null : DotGym.RenderModes.RgbArray);
        int landed = 0;
        double total = 0;
        ulong checksum = 14695981039346656037;
        for (int episode = 0; episode < episodes; episode++)
        {
            var (observation, _) = env.Reset(seed + episode);
            bool record = gif is not null && episode < gifEpisodes;
            if (record) gif!.AddFrame(env.Render()!.Image!);
            double episodeReturn = 0;
            for (int step = 0; step < LanderEnv.MaxSteps; step++)
            {
                var result = env.Step(policy.Act(observation));
                episodeReturn += result.Reward;
                observation = result.Observation;
                if (record) gif!.AddFrame(env.Render()!.Image!);
                if (result.Terminated) break;
            }
            if (env.Game.Result == Outcome.Landed) landed++;
            total += episodeReturn;
            ulong bits = (ulong)BitConverter.DoubleToInt64Bits(episodeReturn);
            for (int b = 0; b < 8; b++) checksum = (checksum ^ ((bits >> (8 * b)) & 0xFF)) * 1099511628211;
        }
        return new FlightReport(episodes, landed, total / episodes, checksum);
    }
}
