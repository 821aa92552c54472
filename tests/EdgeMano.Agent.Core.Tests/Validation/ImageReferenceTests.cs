using EdgeMano.Agent.Core.Validation;
using static EdgeMano.Agent.Core.Tests.Validation.ValidationYaml;

namespace EdgeMano.Agent.Core.Tests.Validation;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("busybox")]
    [InlineData("local/busybox:1")]
    [InlineData("library/busy_box__x.y-z:1.36.1-musl")]
    [InlineData("registry.local:5000/edge/web:v2")]
    [InlineData("localhost/app")]
    [InlineData("Registry.Example.com/app:Latest")]
    [InlineData("app@" + Digest)]
    [InlineData("app:1@" + Digest)]
    public void Check_ValidReference_Null(string reference)
    {
        Assert.Null(ImageReference.Check(reference));
    }

    [Theory]
    [InlineData("BusyBox:1", "repository 'BusyBox' must be lowercase ('BusyBox')")]
    [InlineData("local/busy box:1", "'local/busy box:1' must not contain spaces")]
    [InlineData("local/busybox:", "'local/busybox:' ends with ':' but has no tag")]
    [InlineData("", "is empty")]
    [InlineData("app:-1", "tag '-1' is invalid: use letters, digits, '_', '.' or '-' (not first), at most 128")]
    [InlineData("app@sha256:abc", "digest 'sha256:abc' must be 'sha256:' followed by 64 lowercase hex digits")]
    [InlineData("app@md5:0123", "digest 'md5:0123' must be 'sha256:' followed by 64 lowercase hex digits")]
    [InlineData("reg_istry.io/app", "registry host 'reg_istry.io' is invalid: expected host or host:port")]
    [InlineData("local//app", "'local//app' has an empty path component (look for '//' or a trailing '/')")]
    [InlineData("local/app-", "repository path component 'app-' is invalid: use lowercase letters and digits separated by '.', '_', '__' or '-'")]
    [InlineData(":1", "':1' has no repository name")]
    public void Check_InvalidReference_SaysWhy(string reference, string expected)
    {
        Assert.Equal(expected, ImageReference.Check(reference));
    }

    [Fact]
    public void Check_TagOf129Characters_Invalid()
    {
        Assert.StartsWith("tag ", ImageReference.Check("app:" + new string('a', 129)));
        Assert.Null(ImageReference.Check("app:" + new string('a', 128)));
    }

    [Theory]
    [InlineData("Local/BusyBox:1", "repository 'Local/BusyBox' must be lowercase ('Local')")]
    [InlineData("\"local/busy box:1\"", "'local/busy box:1' must not contain spaces")]
    [InlineData("\"local/busybox:\"", "'local/busybox:' ends with ':' but has no tag")]
    [InlineData("\"\"", "is required for a container")]
    public void Validate_BadImageInFile_LocatedAtImage(string image, string expected)
    {
        var yaml = Raw($"  - name: web\n    kind: container\n    image: {image}\n");

        Assert.Equal($"test.yaml:6:12: workloads[0].image: {expected}", SingleError(yaml));
    }
}
