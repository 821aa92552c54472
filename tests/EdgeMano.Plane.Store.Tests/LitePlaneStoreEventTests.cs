using EdgeMano.Testing;
using static EdgeMano.Plane.Store.Tests.PlaneSamples;

namespace EdgeMano.Plane.Store.Tests;

/// <summary>Node events: deduplicated by (node, sequence), bounded per node, read newest-last.</summary>
public sealed class LitePlaneStoreEventTests : IDisposable
{
    private readonly TempDir _dir = new("edgemano-plane-events-");
    private readonly LitePlaneStore _store;

    public LitePlaneStoreEventTests() => _store = LitePlaneStore.Open(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void AppendEvents_RoundTrip_EveryFieldSurvives()
    {
        _store.AppendEvents([Event("edge-1", 1), Event("edge-1", 2, "Unhealthy")], keepPerNode: 10);

        Assert.Equal([Event("edge-1", 1), Event("edge-1", 2, "Unhealthy")], _store.LoadEvents("edge-1", 10));
    }

    [Fact]
    public void AppendEvents_SameNodeAndSequenceAgain_KeepsTheFirst()
    {
        _store.AppendEvents([Event("edge-1", 1), Event("edge-1", 2)], keepPerNode: 10);

        // A QoS 1 redelivery, and a batch that repeats an event inside itself.
        _store.AppendEvents([Event("edge-1", 2, "Redelivered"), Event("edge-1", 3), Event("edge-1", 3, "Twice")], keepPerNode: 10);

        Assert.Equal([Event("edge-1", 1), Event("edge-1", 2), Event("edge-1", 3)], _store.LoadEvents("edge-1", 10));
    }

    [Fact]
    public void AppendEvents_OverTheLimit_KeepsTheNewestPerNode()
    {
        _store.AppendEvents([.. Enumerable.Range(1, 8).Select(i => Event("edge-1", i)), Event("edge-2", 1)], keepPerNode: 3);
        _store.AppendEvents([Event("edge-1", 9)], keepPerNode: 3);

        Assert.Equal([7L, 8L, 9L], _store.LoadEvents("edge-1", 100).Select(e => e.Sequence));
        Assert.Equal([1L], _store.LoadEvents("edge-2", 100).Select(e => e.Sequence));
    }

    [Fact]
    public void LoadEvents_Limit_NewestOnesOldestFirst()
    {
        // Appended out of order, with sequences of different lengths (9 < 10 as numbers, not as text).
        _store.AppendEvents([Event("edge-1", 10), Event("edge-1", 9), Event("edge-1", 100), Event("edge-1", 2)], keepPerNode: 10);

        Assert.Equal([9L, 10L, 100L], _store.LoadEvents("edge-1", 3).Select(e => e.Sequence));
        Assert.Equal([2L, 9L, 10L, 100L], _store.LoadEvents("edge-1", 50).Select(e => e.Sequence));
    }

    [Fact]
    public void LoadEvents_NodeIdsThatArePrefixesOfOthers_NeverMixed()
    {
        string[] nodes = ["n1", "n10", "n1.a", "n1-b", "n1_c", "n", "N1", "n1~", "n1:x", "ñ1"];
        foreach (var node in nodes)
            _store.AppendEvents([Event(node, 1, node), Event(node, 2, node)], keepPerNode: 2);
        _store.AppendEvents([Event("n1", 3, "n1")], keepPerNode: 2);

        foreach (var node in nodes)
        {
            var events = _store.LoadEvents(node, 100);
            Assert.All(events, e => Assert.Equal((node, node), (e.NodeId, e.Reason)));
            Assert.Equal(node == "n1" ? [2L, 3L] : [1L, 2L], events.Select(e => e.Sequence));
        }
    }

    [Fact]
    public void LoadEvents_UnknownNode_Empty()
    {
        _store.AppendEvents([Event("edge-1", 1)], keepPerNode: 10);

        Assert.Empty(_store.LoadEvents("edge-2", 10));
        Assert.Empty(_store.LoadEvents("edge", 10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void LoadEvents_LimitNotPositive_Empty(int limit)
    {
        _store.AppendEvents([Event("edge-1", 1)], keepPerNode: 10);

        Assert.Empty(_store.LoadEvents("edge-1", limit));
    }

    [Fact]
    public void AppendEvents_Empty_DoesNothing()
    {
        _store.AppendEvents([], keepPerNode: 10);

        Assert.Empty(_store.LoadEvents("edge-1", 10));
    }

    [Fact]
    public void AppendEvents_RandomNodesAndSequences_MatchAnInMemoryModel()
    {
        var random = new Random(7);
        const string alphabet = "aAbB1._-~:\u00e9";
        var nodes = Enumerable.Range(0, 30)
            .Select(_ => new string(Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .Distinct(StringComparer.Ordinal).ToList();
        var model = nodes.ToDictionary(n => n, _ => new SortedDictionary<long, string>(), StringComparer.Ordinal);
        const int keep = 4;

        for (var batch = 0; batch < 60; batch++)
        {
            var events = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => Event(nodes[random.Next(nodes.Count)], random.Next(1, 15), $"b{batch}")).ToList();
            _store.AppendEvents(events, keep);
            foreach (var e in events) model[e.NodeId].TryAdd(e.Sequence, e.Reason);
            foreach (var kept in model.Values)
            {
                while (kept.Count > keep) kept.Remove(kept.Keys.First());
            }
        }

        foreach (var node in nodes)
        {
            var limit = random.Next(1, 6);
            var expected = model[node].TakeLast(limit).Select(p => (node, p.Key, p.Value));
            Assert.Equal(expected, _store.LoadEvents(node, limit).Select(e => (e.NodeId, e.Sequence, e.Reason)));
        }
    }
}
