using System.Text.RegularExpressions;
using DotGym.Agents.Tests.Compiling;
using DotGym.Testing;

namespace DotGym.Agents.Tests;

/// <summary>
/// The README's quick starts compile exactly as printed: every ```csharp block under a "## Quick start" heading,
/// one section = one console program (each block its own file, as a user would paste them), with only the `using`
/// lines the README prints plus the SDK's implicit usings of a fresh console project.
/// </summary>
public class ReadmeCompilesTests
{
    private static string Readme() => File.ReadAllText(Path.Combine(ChildProcess.RepositoryRoot(), "README.md"));

    /// <summary>Each quick-start section's heading and its C# blocks.</summary>
    internal static IReadOnlyList<(string Heading, string[] Blocks)> QuickStarts(string readme) =>
        Regex.Split(readme, @"^(?=## )", RegexOptions.Multiline)
            .Where(section => section.StartsWith("## Quick start", StringComparison.Ordinal))
            .Select(section => (section[..section.IndexOf('\n')].Trim(),
                Regex.Matches(section, @"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray()))
            .ToList();

    [Fact]
    public void EveryQuickStartBlockCompilesAsPrinted()
    {
        var sections = QuickStarts(Readme());
        Assert.True(sections.Count >= 2, "the README has no '## Quick start' sections any more");
        foreach (var (heading, blocks) in sections)
        {
            Assert.NotEmpty(blocks);
            var files = blocks.Select((text, i) => ($"README {heading} block {i + 1}.cs", text)).ToArray();
            var error = Record.Exception(() => CSharpAssembly.Compile("ReadmeQuickStart", console: true, outputPath: null, files));
            Assert.True(error is null, $"README section '{heading}': {error?.Message}");
        }
    }

    [Fact]
    public void ABlockWithoutItsUsingLinesDoesNotCompile()
    {
        // The check has teeth: the built-in quick start without `using DotGym.Envs;` fails.
        var (_, blocks) = QuickStarts(Readme())[0];
        string stripped = blocks[0].Replace("using DotGym.Envs;\n", "", StringComparison.Ordinal);
        Assert.NotEqual(blocks[0], stripped);
        var error = Assert.Throws<InvalidOperationException>(() => CSharpAssembly.Compile("ReadmeStripped", console: true, outputPath: null, ("block.cs", stripped)));
        Assert.Contains("BuiltinEnvs", error.Message);
    }
}
