using System.Security.Cryptography;
using System.Text;
using EdgeMano.Plane.Packages.Tests;

namespace EdgeMano.Plane.Packages.Tests.Csar;

public sealed class CsarTests
{
    [Fact]
    public void Read_FileTheManifestDoesNotList_IsNotedNotRefused()
    {
        var files = Fixtures.Files("sol001-vnfd");
        files["Files/readme.txt"] = Fixtures.Utf8("not in the manifest");

        var package = Fixtures.ReadOk(PackageInput.FromFile("edge_web.zip", Fixtures.ZipOf(files)));

        var note = Assert.Single(package.Notes);
        Assert.Equal("Files/readme.txt", note.File);
        Assert.Contains("not listed in the manifest edge_web.mf", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ArtifactChangedAfterSigning_ReportsTheDigestMismatchAtItsHashLine()
    {
        var files = Fixtures.Files("sol001-vnfd");
        files["Definitions/edgemano_types.yaml"] = [.. files["Definitions/edgemano_types.yaml"], .. "# edited\n"u8];
        var manifest = Encoding.UTF8.GetString(files["edge_web.mf"]).Split('\n');
        var hashLine = Array.FindIndex(manifest, l => l == "Source: Definitions/edgemano_types.yaml") + 3;
        var actual = Convert.ToHexStringLower(SHA256.HashData(files["Definitions/edgemano_types.yaml"]));

        var result = PackageReader.Read(PackageInput.FromFile("edge_web.zip", Fixtures.ZipOf(files)));

        Assert.Null(result.Package);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("edge_web.mf", hashLine, 7, "Hash"), (error.File, error.Line, error.Column, error.Path));
        Assert.Contains($"the file's is {actual}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Sha512ManifestEntry_IsVerifiedToo()
    {
        var files = Fixtures.Files("sol001-vnfd");
        var manifest = Encoding.UTF8.GetString(files["edge_web.mf"]);
        var changeLog = Convert.ToHexStringLower(SHA256.HashData(files["ChangeLog.txt"]));
        var sha512 = Convert.ToHexStringLower(SHA512.HashData(files["ChangeLog.txt"]));
        files["edge_web.mf"] = Fixtures.Utf8(manifest.Replace($"Algorithm: SHA-256\nHash: {changeLog}", $"Algorithm: SHA-512\nHash: {sha512}", StringComparison.Ordinal));
        Assert.NotEqual(manifest, Encoding.UTF8.GetString(files["edge_web.mf"]));

        Fixtures.ReadOk(PackageInput.FromFile("edge_web.zip", Fixtures.ZipOf(files)));
        files["edge_web.mf"] = Fixtures.Utf8(Encoding.UTF8.GetString(files["edge_web.mf"]).Replace(sha512, new string('0', 128), StringComparison.Ordinal));
        var error = Assert.Single(PackageReader.Read(PackageInput.FromFile("edge_web.zip", Fixtures.ZipOf(files))).Errors);
        Assert.StartsWith("digest mismatch for 'ChangeLog.txt'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TackerMetaHashWrong_ReportsItInToscaMeta()
    {
        var files = Fixtures.Files("tacker-cnf");
        files["Files/kubernetes/deployment.yaml"] = [.. files["Files/kubernetes/deployment.yaml"], .. "# edited\n"u8];

        var result = PackageReader.Read(PackageInput.FromFile("tacker.zip", Fixtures.ZipOf(files)));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("TOSCA-Metadata/TOSCA.meta", 9, "Hash"), (error.File, error.Line, error.Path));
    }

    [Fact]
    public void Read_SeveralFaults_ReportsAllOfThemInFileOrder()
    {
        var vnfd = Encoding.UTF8.GetString(Fixtures.Bytes("broken/dangling-requirement/vnfd.yaml"))
            .Replace("software_version: \"1.0\"", "software_version: latest", StringComparison.Ordinal)
            .Replace("64 MiB", "12 parsecs", StringComparison.Ordinal)
            .Replace("local/busybox:1", "Local/BusyBox:1", StringComparison.Ordinal);

        var result = PackageReader.Read(PackageInput.FromFile("vnfd.yaml", Fixtures.Utf8(vnfd)));

        Assert.Null(result.Package);
        // The dangling requirement (24) leaves web-container unused, so its image and memory are not judged...
        Assert.Equal([14, 24], result.Errors.Select(e => e.Line));
        var repaired = PackageReader.Read(PackageInput.FromFile("vnfd.yaml", Fixtures.Utf8(vnfd.Replace("web-containr", "web-container", StringComparison.Ordinal))));
        // ...and once it is repaired, every remaining fault is reported in one pass.
        Assert.Equal([14, 29, 33], repaired.Errors.Select(e => e.Line));
        Assert.All(repaired.Errors, e => Assert.Equal("vnfd.yaml", e.File));
    }
}
