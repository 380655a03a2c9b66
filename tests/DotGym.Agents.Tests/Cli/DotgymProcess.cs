using DotGym.Cli;

namespace DotGym.Agents.Tests.Cli;

/// <summary>Runs the CLI's entry point in this process with stderr captured (warnings go there).</summary>
internal static class DotgymProcess
{
    public static (int Code, string Error) RunCapturingStderr(params string[] args)
    {
        var original = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
