using System.Security.Cryptography;
using System.Text;
using EdgeMano.Plane.Packages.Tests;

namespace EdgeMano.Plane.Packages.Tests.Csar;

public sealed class DigestTests
{
    [Fact]
    public void Digest_SamePackageReadTwice_IsEqualAndWellFormed()
    {
        var first = Fixtures.ReadOk(Fixtures.Zip("sol001-vnfd"));
        var second = Fixtures.ReadOk(Fixtures.Zip("sol001-vnfd"));

        Assert.Equal(first, second);
        Assert.Matches("^sha256:[0-9a-f]{64}$", first.Digest);
    }

    [Fact]
    public void Digest_ZipTimestampsAndDirectoryForm_DoNotChangeIt()
    {
        var files = Fixtures.Files("sol001-vnfd");
        var zipped = Fixtures.ReadOk(PackageInput.FromFile("a.zip", Fixtures.ZipOf(files, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        var rezipped = Fixtures.ReadOk(PackageInput.FromFile("b.zip", Fixtures.ZipOf(files.Reverse().ToDictionary(), new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero))));
        var directory = Fixtures.ReadOk(Fixtures.Directory("sol001-vnfd"));

        Assert.Equal(zipped.Digest, rezipped.Digest);
        Assert.Equal(zipped.Digest, directory.Digest);
    }

    [Fact]
    public void Digest_OneByteOrOneNameChanged_ChangesIt()
    {
        var files = Fixtures.Files("own-chart");
        var original = Fixtures.ReadOk(PackageInput.FromDirectory("p", files)).Digest;

        var edited = new Dictionary<string, byte[]>(files) { ["values/cache-edge.yaml"] = Fixtures.Utf8("port: 9192\nmemory: 32Mi\n") };
        var renamed = files.ToDictionary(f => f.Key == "k8s/probe.yaml" ? "k8s/probe2.yaml" : f.Key, f => f.Value);
        renamed["cnf.yaml"] = Fixtures.Utf8(Encoding.UTF8.GetString(files["cnf.yaml"]).Replace("k8s/probe.yaml", "k8s/probe2.yaml", StringComparison.Ordinal));

        Assert.NotEqual(original, Fixtures.ReadOk(PackageInput.FromDirectory("p", edited)).Digest);
        Assert.NotEqual(original, Fixtures.ReadOk(PackageInput.FromDirectory("p", renamed)).Digest);
    }

    [Fact]
    public void Digest_IsSha256OverSortedPathLengthAndBytes()
    {
        var files = Fixtures.Files("sol001-vnfd");
        using var expected = new MemoryStream();
        foreach (var (path, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            expected.Write(Encoding.UTF8.GetBytes($"{path}\0{bytes.Length}\0"));
            expected.Write(bytes);
        }

        var package = Fixtures.ReadOk(Fixtures.Directory("sol001-vnfd"));

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(expected.ToArray())), package.Digest);
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), package.Files.Select(f => f.Path));
    }
}
