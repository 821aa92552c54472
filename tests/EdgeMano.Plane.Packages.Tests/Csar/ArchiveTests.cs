using EdgeMano.Plane.Packages.Tests;

namespace EdgeMano.Plane.Packages.Tests.Csar;

public sealed class ArchiveTests
{
    [Fact]
    public void Read_ZipEntryClimbingOutOfThePackage_IsRefused()
    {
        var files = Fixtures.Files("sol001-vnfd");
        files["../../etc/cron.d/evil"] = Fixtures.Utf8("* * * * * root sh");

        var result = PackageReader.Read(PackageInput.FromFile("evil.zip", Fixtures.ZipOf(files)));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("evil.zip", "../../etc/cron.d/evil"), (error.File, error.Path));
        Assert.Contains("leaves the package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedZip_SaysItIsNotReadable()
    {
        var zip = Fixtures.ZipOf(Fixtures.Files("sol001-vnfd"));

        var result = PackageReader.Read(PackageInput.FromFile("cut.zip", zip[..(zip.Length / 2)]));

        var error = Assert.Single(result.Errors);
        Assert.Equal("cut.zip", error.File);
        Assert.StartsWith("not a readable zip archive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyUpload_SaysSo()
    {
        var error = Assert.Single(PackageReader.Read(PackageInput.FromFile("empty.zip", [])).Errors);

        Assert.Equal(("empty.zip", "the upload is empty"), (error.File, error.Message));
    }

    [Fact]
    public void Read_BareHelmChartDirectory_ExplainsHowToWrapIt()
    {
        var result = PackageReader.Read(PackageInput.FromDirectory("web-chart", Fixtures.Files("osm-knf/helm-charts/web")));

        var error = Assert.Single(result.Errors);
        Assert.Contains("looks like a Helm chart", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DescriptorThatIsNotUtf8_NamesTheFile()
    {
        var result = PackageReader.Read(PackageInput.FromFile("vnfd.yaml", [0xff, 0xfe, 0x00, 0x41]));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("vnfd.yaml", "the file is not UTF-8 text"), (error.File, error.Message));
    }
}
