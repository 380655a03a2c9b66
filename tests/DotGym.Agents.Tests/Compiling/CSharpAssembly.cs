using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DotGym.Agents.Tests.Compiling;

/// <summary>
/// Compiles C# source with Roslyn the way a fresh <c>dotnet new console</c> project would (C# latest, nullable on,
/// the SDK's implicit global usings), against every assembly this test process runs on (the framework and the DotGym
/// projects). Fails with the compiler's errors, each with its file and line.
/// </summary>
internal static class CSharpAssembly
{
    /// <summary>The global usings of a Microsoft.NET.Sdk project with ImplicitUsings enabled.</summary>
    public static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>
    /// Compiles <paramref name="sources"/> (file name, text) into an assembly named <paramref name="name"/>; writes it
    /// to <paramref name="outputPath"/> when given. <paramref name="console"/>: a program (top-level statements allowed),
    /// else a class library.
    /// </summary>
    public static void Compile(string name, bool console, string? outputPath, params (string File, string Text)[] sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.File))
            .Append(CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")), parse, "GlobalUsings.g.cs"));
        var options = new CSharpCompilationOptions(console ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false);
        var compilation = CSharpCompilation.Create(name, trees, References.Value, options);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!result.Success || errors.Count > 0)
            throw new InvalidOperationException($"{name} does not compile:\n{string.Join('\n', errors.Select(e => e.ToString()))}");
        if (outputPath is not null) File.WriteAllBytes(outputPath, stream.ToArray());
    }
}
