using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Docker;

namespace EdgeMano.Agent.Runtimes.Tests.Docker;

/// <summary>The pure parts of the Docker driver: no engine needed.</summary>
public sealed class DockerMappingTests
{
    [Fact]
    public void ParseTime_NanosecondsAndYearOne_ParsedOrNull()
    {
        var parsed = DockerContainerMapper.ParseTime("2024-05-06T07:08:09.123456789Z");

        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567), parsed);
        Assert.Null(DockerContainerMapper.ParseTime("0001-01-01T00:00:00Z"));
        Assert.Null(DockerContainerMapper.ParseTime(null));
    }

    [Theory]
    [InlineData("local/busybox:1", "local/busybox", "1")]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app", "latest")]
    [InlineData("127.0.0.1:5000/team/app:2.1", "127.0.0.1:5000/team/app", "2.1")]
    [InlineData("app@sha256:abc", "app@sha256:abc", "")]
    public void Split_ImageReference_TagDefaultsToLatest(string image, string repository, string tag) =>
        Assert.Equal((repository, tag), DockerImages.Split(image));

    [Fact]
    public void ToRuntimeEvent_DieOfOwnContainer_IsExitedWithCode()
    {
        const string line = """{"Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"edgemano.node":"n1","edgemano.workload":"web","exitCode":"3"}}}""";

        Assert.Equal(new RuntimeEvent("web", "abc", RuntimeEventKind.Exited, 3), DockerEventMapper.ToRuntimeEvent(line, "n1"));
    }

    [Theory]
    [InlineData("""{"Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"edgemano.node":"n2","edgemano.workload":"web"}}}""")]
    [InlineData("""{"Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"edgemano.workload":"web"}}}""")]
    [InlineData("""{"Type":"container","Action":"exec_die","Actor":{"ID":"abc","Attributes":{"edgemano.node":"n1","edgemano.workload":"web"}}}""")]
    [InlineData("""{"Type":"network","Action":"destroy","Actor":{"ID":"abc","Attributes":{"edgemano.node":"n1"}}}""")]
    [InlineData("not json")]
    public void ToRuntimeEvent_ForeignOrIrrelevant_IsIgnored(string line) =>
        Assert.Null(DockerEventMapper.ToRuntimeEvent(line, "n1"));
}
