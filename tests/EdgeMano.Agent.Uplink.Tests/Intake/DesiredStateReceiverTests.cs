using System.Buffers;
using EdgeMano.Agent.Uplink.Intake;
using EdgeMano.Agent.Uplink.Tests.Infrastructure;
using EdgeMano.Testing;
using Google.Protobuf;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Tests.Intake;

/// <summary>The intake shared by MQTT and gRPC, against a real LiteDB store.</summary>
public sealed class DesiredStateReceiverTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-receiver-");
    private readonly RecordingStore _store;
    private readonly ListLoggerFactory _logs = new();
    private readonly DesiredStateReceiver _receiver;

    public DesiredStateReceiverTests()
    {
        _store = RecordingStore.Open(_dir.Combine("state"));
        _receiver = new DesiredStateReceiver(new UplinkOptions { NodeId = "node-a", MaxDesiredBytes = 4096 }, _store, _logs.CreateLogger("test"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private DesiredReceipt Receive(byte[] payload) => _receiver.Receive(new ReadOnlySequence<byte>(payload));

    [Fact]
    public void Receive_NewerRevision_AcceptedAndPersisted()
    {
        var receipt = Receive(UplinkUnderTest.DesiredFor("node-a", 3).ToByteArray());

        Assert.Equal(new DesiredReceipt(DesiredOutcome.Accepted, 3), receipt);
        Assert.Equal(3, _store.LoadDesired()!.Revision);
        Assert.Equal("plane-test", _store.LoadDesired()!.Source);
    }

    [Fact]
    public void Receive_SameRevisionAgain_UnchangedAndNotLoggedAsAProblem()
    {
        Receive(UplinkUnderTest.DesiredFor("node-a", 3).ToByteArray());

        var receipt = Receive(UplinkUnderTest.DesiredFor("node-a", 3).ToByteArray());

        Assert.Equal(DesiredOutcome.Unchanged, receipt.Outcome);
        Assert.True(receipt.Acknowledge);
        Assert.Equal(0, _logs.Count("DesiredDropped"));
        Assert.Equal([3L], _store.Accepted);
    }

    public static TheoryData<string, byte[], string> Bad => new()
    {
        { "garbage", [0xff, 0xff, 0xff, 0x01], "is not a protobuf DesiredState" },
        { "empty", [], "empty payload" },
        { "oversized", new byte[4097], "larger than the 4096-byte limit" },
        { "revision 0", new Wire.DesiredState { NodeId = "node-a" }.ToByteArray(), "revision: 0 is not a plane revision" },
        { "other node", new Wire.DesiredState { NodeId = "node-b", Revision = 9 }.ToByteArray(), "desired state is for node 'node-b'" },
        { "unspecified kind", new Wire.DesiredState { NodeId = "node-a", Revision = 9, Workloads = { new Wire.Workload { Name = "x" } } }.ToByteArray(), "invalid kind" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Receive_BadPayload_DroppedButAcknowledgedWithTheReasonLoggedOnce(string what, byte[] payload, string reason)
    {
        Receive(UplinkUnderTest.DesiredFor("node-a", 2).ToByteArray());

        var first = Receive(payload);
        var again = Receive(payload);

        Assert.Equal(DesiredOutcome.Dropped, first.Outcome);
        Assert.True(first.Acknowledge, what);
        Assert.Equal(2, first.Revision);
        Assert.Contains(reason, first.Reason, StringComparison.Ordinal);
        Assert.Equal(DesiredOutcome.Dropped, again.Outcome);
        Assert.Equal(1, _logs.Count("DesiredDropped:"));
        Assert.Equal(1, _logs.Count("DesiredDroppedAgain:"));
        Assert.Equal(2, _store.LoadDesired()!.Revision);
    }

    [Fact]
    public void Receive_OlderRevision_DroppedAndTheNewerStays()
    {
        Receive(UplinkUnderTest.DesiredFor("node-a", 5).ToByteArray());

        var receipt = Receive(UplinkUnderTest.DesiredFor("node-a", 4).ToByteArray());

        Assert.Equal(DesiredOutcome.Dropped, receipt.Outcome);
        Assert.Contains("4 is not newer than the revision in force (5)", receipt.Reason, StringComparison.Ordinal);
        Assert.Equal(5, _store.LoadDesired()!.Revision);
    }

    [Fact]
    public void Receive_StoreClosed_NotPersistedAndNotAcknowledged()
    {
        _store.Dispose();

        var receipt = Receive(UplinkUnderTest.DesiredFor("node-a", 1).ToByteArray());

        Assert.Equal(DesiredOutcome.NotPersisted, receipt.Outcome);
        Assert.False(receipt.Acknowledge);
        Assert.Equal(1, _logs.Count("DesiredNotPersisted:"));
    }
}
