using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Integration;

/// <summary>`edgemano deploy` and `deployments` against a real edgemano-plane (child process).</summary>
public sealed partial class DeployAgainstPlaneTests(PlaneFixture fixture) : IClassFixture<PlaneFixture>
{
    private Task<CliResult> Cli(params string[] args) => CliProcess.RunAsync([.. args, "--server", fixture.Plane.Url]);

    [Fact]
    public async Task Deploy_ValidFileTwiceThenChanged_CreatedUnchangedConfigured()
    {
        var created = await Cli("deploy", "-f", "web.yaml");
        Assert.True(created.ExitCode == 0, created + fixture.Plane.Log);
        Assert.Equal("deployment/web created (generation 1, no node matches its selector yet)\n", created.StdOut);

        var again = await Cli("deploy", "-f", "web.yaml");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("deployment/web unchanged (generation 1, no node matches its selector yet)\n", again.StdOut);

        var changed = await Cli("deploy", "-f", "web-updated.yaml");
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Equal("deployment/web configured (generation 2, no node matches its selector yet)\n", changed.StdOut);

        var get = await Cli("deployments", "get", "web", "-o", "json");
        Assert.True(get.ExitCode == 0, get.ToString());
        using var json = JsonDocument.Parse(get.StdOut);
        Assert.Equal("web", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("generation").GetInt64());
        Assert.Equal("plant-a", json.RootElement.GetProperty("selector").GetProperty("site").GetString());
        Assert.Contains("8081", json.RootElement.GetProperty("workloads")[0].GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_BrokenFile_ExitsTwoWithEveryErrorAtFileLineColumnAndChangesNothing()
    {
        var result = await Cli("deploy", "-f", "bad/invalid.yaml");

        result.AssertNoStackTrace();
        Assert.True(result.ExitCode == 2, result + fixture.Plane.Log);
        Assert.Equal("", result.StdOut);
        var lines = result.StdErr.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^\d+ error\(s\) in bad/invalid\.yaml; nothing was deployed$", lines[^1]);
        var file = File.ReadAllLines(Fixture.Path("bad/invalid.yaml"));
        var located = new List<int>();
        foreach (var line in lines[..^1])
        {
            var match = LocatedError().Match(line);
            Assert.True(match.Success, $"not FILE:LINE:COL: path: message: '{line}'\n{result}");
            var (row, column) = (int.Parse(match.Groups["line"].Value), int.Parse(match.Groups["col"].Value));
            Assert.InRange(row, 1, file.Length);
            Assert.InRange(column, 1, file[row - 1].Length + 1);
            located.Add(row);
        }
        // The three problems of the fixture, each on its own line: port 70000, Bad_Name, restart policy.
        Assert.Contains(8, located);
        Assert.Contains(9, located);
        Assert.Contains(12, located);
        Assert.Contains(lines, l => l.StartsWith("bad/invalid.yaml:8:", StringComparison.Ordinal) && l.Contains("70000", StringComparison.Ordinal));

        var get = await Cli("deployments", "get", "broken");
        Assert.True(get.ExitCode == 1, get.ToString());
        Assert.Equal("deployment 'broken' not found\n", get.StdErr);
    }

    [Fact]
    public async Task Deploy_Stdin_ThenListGetDelete()
    {
        var created = await CliProcess.RunAsync(["deploy", "-f", "-", "--server", fixture.Plane.Url], stdin: Fixture.Text("sleepers.yaml"));
        Assert.True(created.ExitCode == 0, created + fixture.Plane.Log);
        Assert.StartsWith("deployment/sleepers created (generation 1", created.StdOut, StringComparison.Ordinal);

        var list = await Cli("deployments", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"(?m)^NAME\s+GENERATION\s+SELECTOR\s+WORKLOADS\s+NODES\s+UNPLACED\s+AGE$", list.StdOut);
        Assert.Matches(@"(?m)^sleepers\s+1\s+<all>\s+2\s+0\s+0\s+\d+s$", list.StdOut);

        var json = await Cli("deployments", "get", "sleepers", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using (var document = JsonDocument.Parse(json.StdOut))
            Assert.Equal("sleepers", document.RootElement.GetProperty("name").GetString());
        var yaml = await Cli("deployments", "get", "sleepers", "-o", "yaml");
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        YamlMatchesJson.Assert(yaml.StdOut, json.StdOut);

        var get = await Cli("deployments", "get", "sleepers");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("Workloads:  sleeper-a (process /bin/sleep), sleeper-b (process /bin/sleep)\n", get.StdOut, StringComparison.Ordinal);

        var deleted = await Cli("deployments", "delete", "sleepers");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("deployment/sleepers deleted\n", deleted.StdOut);

        var gone = await Cli("deployments", "get", "sleepers");
        Assert.True(gone.ExitCode == 1, gone.ToString());
        Assert.Equal("deployment 'sleepers' not found\n", gone.StdErr);
        var deleteAgain = await Cli("deployments", "delete", "sleepers");
        Assert.True(deleteAgain.ExitCode == 1, deleteAgain.ToString());
        var ignored = await Cli("deployments", "delete", "sleepers", "--ignore-not-found");
        Assert.True(ignored.ExitCode == 0, ignored.ToString());
        var after = await Cli("deployments", "list", "-o", "json");
        Assert.DoesNotContain("\"sleepers\"", after.StdOut, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^bad/invalid\.yaml:(?<line>\d+):(?<col>\d+): (?<path>[^:\s]+): (?<message>.+)$")]
    private static partial Regex LocatedError();
}
