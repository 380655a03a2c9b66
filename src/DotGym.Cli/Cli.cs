using DotGym.Checking;
using DotGym.Registration;
using Spectre.Console;

namespace DotGym.Cli;

/// <summary>A user error the CLI reports in one line (exit code 2), without a stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);

internal static class Cli
{
    /// <summary>
    /// Runs a command body and turns the errors a user can fix (bad flags, unknown env ids, bad configs, missing or
    /// corrupt files, unreachable or failing env servers) into a red one-line message and exit code 2.
    /// </summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is CliException or UnknownEnvException or ArgumentException or FileNotFoundException
                                      or DirectoryNotFoundException or InvalidDataException or InvalidOperationException
                                      or EnvCheckException or UnauthorizedAccessException or NotSupportedException or IOException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 2;
        }
    }
}
