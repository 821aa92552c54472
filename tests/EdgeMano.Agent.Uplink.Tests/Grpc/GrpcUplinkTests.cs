using EdgeMano.Agent.Uplink.Tests.Infrastructure;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Uplink.Tests.Grpc;

public sealed class GrpcUplinkTests
{
    [Fact]
    public async Task Run_PlaneUnreachable_RetriesQuietlyWithoutThrowingAndStopsOnCancel()
    {
        await using var agent = new UplinkUnderTest();
        agent.Start(agent.Options(plane: $"http://127.0.0.1:{FreePort.Get()}"));

        await Wait.UntilAsync(() => agent.Logs.Count("LinkAttemptFailed:") >= 2, "failed attempts", context: () => agent.Logs.ToString());
        var status = agent.Uplink!.Status;
        Assert.Equal("grpc", status.Kind);
        Assert.False(status.Connected);
        Assert.Contains("connection refused", status.LastError, StringComparison.Ordinal);

        await agent.StopAsync();
    }

    [Fact]
    public void Create_BrokerAndPlane_Refused()
    {
        using var dir = new TempDir();
        var options = new UplinkOptions { NodeId = "n", Broker = new Uri("mqtt://127.0.0.1:1"), Plane = new Uri("http://127.0.0.1:2") };

        Assert.Throws<ArgumentException>(() => Uplinks.Create(options, null!, new FakeNode("n"), TimeProvider.System, new ListLoggerFactory()));
    }

    [Fact]
    public void Create_NeitherBrokerNorPlane_NoUplink() =>
        Assert.Null(Uplinks.Create(new UplinkOptions { NodeId = "n" }, null!, new FakeNode("n"), TimeProvider.System, new ListLoggerFactory()));
}
