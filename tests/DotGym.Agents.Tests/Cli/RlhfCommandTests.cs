using DotGym.Cli;

namespace DotGym.Agents.Tests.Cli;

/// <summary>`dotgym rlhf STAGE`: a stage without its inputs, or with a bad flag, fails in one line and leaves nothing behind.</summary>
public sealed class RlhfCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dotgym-rlhf-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("rm")]
    [InlineData("dpo")]
    [InlineData("grpo")]
    [InlineData("rloo")]
    public void AStageWhoseEarlierStagesHaveNotRunFailsWithoutWritingAnything(string stage)
    {
        Assert.Equal(2, Program.Main(["rlhf", stage, "--quick", "--out", _folder]));
        Assert.False(Directory.Exists(_folder));
    }

    [Theory]
    [InlineData("sft", "--steps", "0")]
    [InlineData("ppo", "--lr", "-1")]
    [InlineData("rm", "--label-noise", "NaN")]
    public void ABadStageFlagIsRefusedBeforeAnythingRuns(string stage, string flag, string value)
    {
        Assert.Equal(2, Program.Main(["rlhf", stage, "--quick", "--out", _folder, flag, value]));
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public void AStageNeedsARunFolder() => Assert.Equal(2, Program.Main(["rlhf", "sft", "--quick"]));
}
