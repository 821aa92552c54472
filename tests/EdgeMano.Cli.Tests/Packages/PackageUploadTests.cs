using System.IO.Compression;
using EdgeMano.Cli.Packages;
using EdgeMano.Cli.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Cli.Tests.Packages;

/// <summary>What `packages onboard` sends for a file or a directory (real files, no plane).</summary>
public sealed class PackageUploadTests
{
    [Theory]
    [InlineData("pkg.yaml", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0 }, PackageUpload.Zip)]
    [InlineData("pkg.bin", new byte[] { 0x50, 0x4B, 0x05, 0x06, 0 }, PackageUpload.Zip)]
    [InlineData("knf.yaml", new byte[] { 0x1F, 0x8B, 8, 0 }, PackageUpload.Gzip)]
    [InlineData("vnfd.YML", new byte[] { (byte)'a', (byte)':' }, PackageUpload.Yaml)]
    [InlineData("edge.csar", new byte[] { 1, 2, 3 }, PackageUpload.Zip)]
    [InlineData("knf.tar.gz", new byte[] { 1, 2, 3 }, PackageUpload.Gzip)]
    [InlineData("knf.tgz", new byte[] { 1, 2, 3 }, PackageUpload.Gzip)]
    [InlineData("descriptor", new byte[] { (byte)'a', (byte)':' }, PackageUpload.Binary)]
    public void ContentTypeOf_MagicThenExtension_PicksTheType(string name, byte[] body, string expected)
    {
        Assert.Equal(expected, PackageUpload.ContentTypeOf(name, body));
    }

    [Theory]
    [InlineData("a/b/edge-web.csar", "edge-web.csar")]
    [InlineData("./edge-web/", "edge-web")]
    [InlineData("edge-web", "edge-web")]
    public void NameOf_Path_IsItsLastPart(string path, string expected)
    {
        Assert.Equal(expected, PackageUpload.NameOf(path));
    }

    [Fact]
    public void NameOf_Dot_IsTheDirectorysOwnName()
    {
        Assert.Equal(Path.GetFileName(Environment.CurrentDirectory.TrimEnd('/')), PackageUpload.NameOf("."));
    }

    [Fact]
    public async Task ReadAsync_Directory_ZipsSortedRelativeForwardSlashPathsWithOneFixedTime()
    {
        var upload = await PackageUpload.ReadAsync(Fixture.Path("packages/edge-web"), CancellationToken.None);

        Assert.True(upload.IsDirectory);
        Assert.Equal(PackageUpload.Zip, upload.ContentType);
        Assert.Equal("edge-web", upload.FileName);
        using var zip = new ZipArchive(new MemoryStream(upload.Body), ZipArchiveMode.Read);
        Assert.Equal(["Definitions/edge-web.yaml", "README.md", "TOSCA-Metadata/TOSCA.meta"], zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        using var reader = new StreamReader(zip.GetEntry("Definitions/edge-web.yaml")!.Open());
        Assert.Equal(File.ReadAllText(Fixture.Path("packages/edge-web/Definitions/edge-web.yaml")), reader.ReadToEnd());
    }

    [Fact]
    public async Task ReadAsync_SameDirectoryTouchedAgain_GivesTheSameBytes()
    {
        using var dir = CopyOfFixturePackage();
        var first = await PackageUpload.ReadAsync(dir.Path, CancellationToken.None);
        foreach (var file in Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc));

        var second = await PackageUpload.ReadAsync(dir.Path + "/", CancellationToken.None);

        Assert.Equal(first.Body, second.Body);
    }

    [Fact]
    public async Task ReadAsync_DirectoryWithAChangedFile_GivesOtherBytes()
    {
        using var dir = CopyOfFixturePackage();
        var first = await PackageUpload.ReadAsync(dir.Path, CancellationToken.None);
        File.AppendAllText(dir.Combine("README.md"), "more\n");

        var second = await PackageUpload.ReadAsync(dir.Path, CancellationToken.None);

        Assert.NotEqual(first.Body, second.Body);
    }

    [Fact]
    public async Task ReadAsync_DirectoryWithALinkToADirectory_IsRefusedNamingIt()
    {
        using var dir = CopyOfFixturePackage();
        Directory.CreateSymbolicLink(dir.Combine("Definitions", "loop"), "..");

        var ex = await Assert.ThrowsAsync<CliException>(() => PackageUpload.ReadAsync(dir.Path, CancellationToken.None));

        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
        Assert.StartsWith(dir.Path + "/Definitions/loop: is a link to a directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DirectoryWithALinkToAFile_ZipsTheFilesContent()
    {
        using var dir = CopyOfFixturePackage();
        File.CreateSymbolicLink(dir.Combine("LICENSE"), dir.Combine("README.md"));

        var upload = await PackageUpload.ReadAsync(dir.Path, CancellationToken.None);

        using var zip = new ZipArchive(new MemoryStream(upload.Body), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("LICENSE")!.Open());
        Assert.Equal("readme\n", reader.ReadToEnd());
    }

    [Fact]
    public async Task ReadAsync_EmptyDirectory_IsRefused()
    {
        using var dir = new TempDir("edgemano-cli-pkg-");
        Directory.CreateDirectory(dir.Combine("only", "dirs"));

        var ex = await Assert.ThrowsAsync<CliException>(() => PackageUpload.ReadAsync(dir.Path, CancellationToken.None));

        Assert.Equal($"{dir.Path}: the directory has no files; expected a package (a descriptor, e.g. Definitions/*.yaml)", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_FileOver16MiB_IsRefusedBeforeReading()
    {
        using var dir = new TempDir("edgemano-cli-pkg-");
        var path = dir.Combine("huge.csar");
        using (var file = File.Create(path)) file.SetLength(PackageUpload.MaxBytes + 1);

        var ex = await Assert.ThrowsAsync<CliException>(() => PackageUpload.ReadAsync(path, CancellationToken.None));

        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
        Assert.Equal($"{path}: 16.0 MiB (16777217 bytes) is over the plane's package limit of 16 MiB; nothing was sent", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_DirectoryOver16MiBZipped_IsRefused()
    {
        using var dir = new TempDir("edgemano-cli-pkg-");
        // Random bytes do not compress: 17 MiB of them stay over the limit once zipped.
        var noise = new byte[17 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        File.WriteAllBytes(dir.Combine("image.tar"), noise);

        var ex = await Assert.ThrowsAsync<CliException>(() => PackageUpload.ReadAsync(dir.Path, CancellationToken.None));

        Assert.Equal($"{dir.Path}: zipped, the directory is over 16 MiB (the plane's package limit); nothing was sent", ex.Message);
    }

    [Theory]
    [InlineData("/nonexistent/edge.csar", "/nonexistent/edge.csar: no such file or directory")]
    [InlineData("", "PATH is empty; expected a package file or directory")]
    public async Task ReadAsync_NothingThere_IsBadInput(string path, string expected)
    {
        var ex = await Assert.ThrowsAsync<CliException>(() => PackageUpload.ReadAsync(path, CancellationToken.None));

        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public async Task ReadAsync_File_IsSentAsItIs()
    {
        var path = Fixture.Path("packages/edge-web/Definitions/edge-web.yaml");

        var upload = await PackageUpload.ReadAsync(path, CancellationToken.None);

        Assert.False(upload.IsDirectory);
        Assert.Equal(("edge-web.yaml", PackageUpload.Yaml), (upload.FileName, upload.ContentType));
        Assert.Equal(File.ReadAllBytes(path), upload.Body);
    }

    /// <summary>A writable copy of Fixtures/packages/edge-web.</summary>
    internal static TempDir CopyOfFixturePackage()
    {
        var dir = new TempDir("edgemano-cli-pkg-");
        var source = Fixture.Path("packages/edge-web");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }
}
