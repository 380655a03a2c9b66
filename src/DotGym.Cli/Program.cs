using System.CommandLine;
using DotGym.Cli.Commands;

namespace DotGym.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        DotGym.Envs.BuiltinEnvs.Register();
        return BuildRoot().Parse(args).Invoke();
    }

    internal static RootCommand BuildRoot() => new(
        """
        DotGym: reinforcement-learning environments and agents for .NET.

        Examples:
          dotgym list                                   every env id and algorithm
          dotgym run --env CartPole-v1 --episodes 5     step an env with random actions
          dotgym run --env FrozenLake-v1 --render ansi  watch it in the terminal
          dotgym train --env MyEnvs:Reach1D-v0          train on an env of your own assembly (MyEnvs.dll)
          dotgym export runs/X --out policy.onnx        ship a trained policy (ONNX or DotGym.Runtime)

        """ + EnvAssemblies.EnvSources.Help)
    {
        ListCommand.Create(),
        RunCommand.Create(),
        TrainCommand.Create(),
        EvalCommand.Create(),
        PlayCommand.Create(),
        ExportCommand.Create(),
        BenchCommand.Create(),
        RlhfCommand.Create(),
        ClusterCommand.Create(),
        ServeCommand.Create(),
    };
}
