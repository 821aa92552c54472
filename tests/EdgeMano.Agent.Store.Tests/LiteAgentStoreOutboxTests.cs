using EdgeMano.Agent.Store.Tests.TestSupport;

namespace EdgeMano.Agent.Store.Tests;

public sealed class LiteAgentStoreOutboxTests : IDisposable
{
    private readonly TempStateDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AppendEvents_Batches_AssignIncreasingSequencesAndKeepFields()
    {
        using var store = LiteAgentStore.Open(_dir.Path);

        store.AppendEvents([Samples.Event("a"), Samples.Event("b")]);
        store.AppendEvents([Samples.Event("c") with { Sequence = 999 }]);
        var events = store.PeekEvents(10);

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(Samples.Event("c") with { Sequence = 3 }, events[2]);
    }

    [Fact]
    public void PeekEvents_Max_OldestFirstWithoutRemoving()
    {
        using var store = LiteAgentStore.Open(_dir.Path);
        store.AppendEvents(Enumerable.Range(1, 5).Select(i => Samples.Event($"e{i}")));

        Assert.Equal(["e1", "e2"], store.PeekEvents(2).Select(e => e.Message));
        Assert.Equal(5, store.PeekEvents(100).Count);
        Assert.Empty(store.PeekEvents(0));
    }

    [Fact]
    public void AppendEvents_OverCapacity_DropsOldestAndCountsThem()
    {
        using var store = LiteAgentStore.Open(_dir.Path, outboxCapacity: 3);

        store.AppendEvents(Enumerable.Range(1, 4).Select(i => Samples.Event($"e{i}")));
        store.AppendEvents([Samples.Event("e5")]);

        Assert.Equal(["e3", "e4", "e5"], store.PeekEvents(10).Select(e => e.Message));
        Assert.Equal(2, store.DroppedEvents);
    }

    [Fact]
    public void AckEvents_Sequence_DeletesUpToItAndResetsDropped()
    {
        using var store = LiteAgentStore.Open(_dir.Path, outboxCapacity: 3);
        store.AppendEvents(Enumerable.Range(1, 5).Select(i => Samples.Event($"e{i}")));
        Assert.Equal(2, store.DroppedEvents);

        store.AckEvents(4);

        Assert.Equal([5L], store.PeekEvents(10).Select(e => e.Sequence));
        Assert.Equal(0, store.DroppedEvents);
    }

    [Fact]
    public void AppendEvents_AfterAckAll_SequenceKeepsRising()
    {
        using var store = LiteAgentStore.Open(_dir.Path);
        store.AppendEvents([Samples.Event("a"), Samples.Event("b")]);
        store.AckEvents(2);

        store.AppendEvents([Samples.Event("c")]);

        Assert.Equal(3, Assert.Single(store.PeekEvents(10)).Sequence);
    }
}
