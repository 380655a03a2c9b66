using System.Text.Json;

namespace DotGym.Experiments.Throughput;

/// <summary>
/// A throughput run's results and where they were measured, written as JSON:
/// <code>
/// {
///   "machine": { "cpu": "...", "cores": 16, "os": "...", "dotnet": ".NET 10.0.0", "git_commit": "abc..." },
///   "settings": { "seconds_per_case": 2, "repetitions": 7 },
///   "steps_per_second": { "CartPole-v1/single": 12345678.9, ... },          // median env-steps/s per case
///   "allocated_bytes_per_step": { "CartPole-v1/single": 0, ... },          // null where not measurable
///   "repetitions_steps_per_second": { "CartPole-v1/single": [ ... ], ... } // every timed repetition
/// }
/// </code>
/// </summary>
public sealed record ThroughputReport(MachineInfo Machine, ThroughputOptions Options, IReadOnlyList<ThroughputResult> Results)
{
    /// <summary>Writes the report as indented JSON (UTF-8).</summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();

        json.WriteStartObject("machine");
        json.WriteString("cpu", Machine.Cpu);
        json.WriteNumber("cores", Machine.Cores);
        json.WriteString("os", Machine.OperatingSystem);
        json.WriteString("dotnet", Machine.DotNet);
        if (Machine.GitCommit is { } commit) json.WriteString("git_commit", commit);
        else json.WriteNull("git_commit");
        json.WriteEndObject();

        json.WriteStartObject("settings");
        json.WriteNumber("seconds_per_case", Options.SecondsPerCase);
        json.WriteNumber("repetitions", Options.Repetitions);
        json.WriteEndObject();

        json.WriteStartObject("steps_per_second");
        foreach (var r in Results) json.WriteNumber(r.Name, r.StepsPerSecond);
        json.WriteEndObject();

        json.WriteStartObject("allocated_bytes_per_step");
        foreach (var r in Results)
        {
            if (r.AllocatedBytesPerStep is { } bytes) json.WriteNumber(r.Name, bytes);
            else json.WriteNull(r.Name);
        }
        json.WriteEndObject();

        json.WriteStartObject("repetitions_steps_per_second");
        foreach (var r in Results)
        {
            json.WriteStartArray(r.Name);
            foreach (var rate in r.RepetitionStepsPerSecond) json.WriteNumberValue(rate);
            json.WriteEndArray();
        }
        json.WriteEndObject();

        json.WriteEndObject();
    }

    /// <summary>The JSON as a string.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteJson(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
