using System.IO.Compression;
using System.Xml.Linq;

namespace DotGym.Packaging.Tests;

/// <summary>Every packed library carries the metadata nuget.org shows, one version, and the TorchSharp fix where it brings TorchSharp.</summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class PackageMetadataTests(PackedRepository packed)
{
    public static TheoryData<string> Libraries() => new(PackedRepository.Libraries.Select(p => Path.GetFileNameWithoutExtension(p)));

    [Theory]
    [MemberData(nameof(Libraries))]
    public void EachLibraryPackageHasFullMetadataTheReadmeAndXmlDocs(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(packed.Packages, $"{id}.{packed.Version}.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open());
        string Meta(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal(packed.Version, Meta("version"));
        Assert.Equal("MIT", Meta("license"));
        Assert.Equal("README.md", Meta("readme"));
        Assert.NotEmpty(Meta("description"));
        Assert.Contains("reinforcement-learning", Meta("tags"));
        Assert.NotNull(nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == "repository")?.Attribute("url"));
        Assert.NotNull(package.GetEntry("README.md"));
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
        // DotGym.* dependencies are this very version: one version for all.
        foreach (var dependency in nuspec.Descendants().Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value.StartsWith("DotGym.", StringComparison.Ordinal)))
            Assert.Equal(packed.Version, dependency.Attribute("version")!.Value);
    }

    [Theory]
    [InlineData("DotGym.Agents")]
    [InlineData("DotGym.Rlhf")]
    public void PackagesThatBringTorchSharpCarryTheRepositorysOwnFixAsBuildTransitiveTargets(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(packed.Packages, $"{id}.{packed.Version}.nupkg"));
        var targets = package.GetEntry($"buildTransitive/{id}.targets");
        Assert.NotNull(targets);
        using var reader = new StreamReader(targets.Open());
        Assert.Equal(File.ReadAllText(Path.Combine(packed.Repository, "build", "TorchSharpNativeFix.targets")), reader.ReadToEnd());
    }
}
