using EdgeMano.Cli.Deploy;

namespace EdgeMano.Cli.Tests.Deploy;

/// <summary>Finding the top-level name of a deployment file, or saying where it is wrong.</summary>
public sealed class DeploymentFileTests
{
    [Theory]
    [InlineData("name: web\nworkloads: []\n")]
    [InlineData("# comment\nselector: {site: a}\nworkloads:\n  - name: other\nname: web\n")]
    [InlineData("\"name\": \"web\"\n")]
    [InlineData("{name: web, workloads: [{name: x}]}")]
    [InlineData("? [complex, key]\n: value\nname: web\n")]
    [InlineData("workloads:\n  - name: db\nname: web\nbroken: [unclosed\n")]
    public void FindName_TopLevelName_IsFound(string yaml)
    {
        Assert.Equal("web", DeploymentFile.FindName(yaml, "f.yaml"));
    }

    [Theory]
    [InlineData("", "f.yaml:1:1: the file is empty")]
    [InlineData("# only a comment\n", "f.yaml:1:1: the file is empty")]
    [InlineData("selector: {}\nworkloads:\n  - name: web\n", "f.yaml:1:1: name: required: the deployment has no top-level `name:`")]
    [InlineData("# c\n\n  selector: {}\n", "f.yaml:3:3: name: required")]
    [InlineData("- name: web\n", "f.yaml:1:1: expected a deployment: a mapping")]
    [InlineData("name:\n", "f.yaml:1:6: name: required: the deployment's name is empty")]
    [InlineData("name: ~\n", "f.yaml:1:7: name: required")]
    [InlineData("name: [web]\n", "f.yaml:1:7: name: must be a string")]
    [InlineData("name: Web_1\n", "f.yaml:1:7: name: must be a DNS label")]
    [InlineData("selector: {a: \"b}\nname: web\n", "f.yaml:")]
    [InlineData("a: b\n c: d\nname: web\n", "f.yaml:2:")]
    public void FindName_NoUsableName_IsBadInputAtFileLineColumn(string yaml, string expected)
    {
        var ex = Assert.Throws<CliException>(() => DeploymentFile.FindName(yaml, "f.yaml"));

        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", ex.Message, StringComparison.Ordinal);
    }
}
