namespace DotGym.Cluster.Runners;

/// <summary>
/// A runner's env failed (it threw while being made, reset or stepped), or a runner was asked to do something it
/// cannot. The message names the runner, its silo and the env's own error; the learner stops (a lost silo, by
/// contrast, is recovered from).
/// </summary>
[GenerateSerializer]
public sealed class EnvRunnerException : Exception
{
    public EnvRunnerException(string message) : base(message) { }
    public EnvRunnerException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The runner has no env: it was reactivated (its silo died, or it was collected) since the learner opened it. The
/// cluster env treats it as a lost runner: it reopens it and drops the episodes that were in flight.
/// </summary>
[GenerateSerializer]
public sealed class RunnerNotOpenException : Exception
{
    public RunnerNotOpenException(string message) : base(message) { }
}
