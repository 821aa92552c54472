using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Tests.TestSupport;

namespace EdgeMano.Agent.Store.Tests;

public sealed class LiteAgentStoreRecordsTests : IDisposable
{
    private readonly TempStateDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SaveRecords_FullRecord_RoundTripsEveryField()
    {
        var record = Samples.Record();
        using var store = LiteAgentStore.Open(_dir.Path);

        store.SaveRecords([record], []);
        var loaded = store.LoadRecords()["web"];

        Assert.Equal(record, loaded);
        // Record equality compares instants; the ticks check makes the precision explicit.
        Assert.Equal(record.LastStartedAt!.Value.UtcTicks, loaded.LastStartedAt!.Value.UtcTicks);
        Assert.Equal(record.Since.UtcTicks, loaded.Since.UtcTicks);
    }

    [Fact]
    public void SaveRecords_NullFields_RoundTripAsNull()
    {
        var record = new WorkloadRecord { Name = "fresh" };
        using var store = LiteAgentStore.Open(_dir.Path);

        store.SaveRecords([record], []);

        Assert.Equal(record, store.LoadRecords()["fresh"]);
    }

    [Fact]
    public void SaveRecords_UpsertsAndDeletes_AppliedTogether()
    {
        using var store = LiteAgentStore.Open(_dir.Path);
        store.SaveRecords([Samples.Record("a"), Samples.Record("b")], []);

        store.SaveRecords([Samples.Record("a") with { Restarts = 9 }, Samples.Record("c")], ["b", "never-existed"]);
        var records = store.LoadRecords();

        Assert.Equal(["a", "c"], records.Keys.Order());
        Assert.Equal(9, records["a"].Restarts);
    }

    [Fact]
    public void LoadRecords_AfterSaves_MatchesTheFileReopened_AndEarlierResultsStayAsTheyWere()
    {
        IReadOnlyDictionary<string, WorkloadRecord> before, after;
        using (var store = LiteAgentStore.Open(_dir.Path))
        {
            store.SaveRecords([Samples.Record("a"), Samples.Record("b")], []);
            before = store.LoadRecords();
            store.SaveRecords([Samples.Record("a") with { Restarts = 3 }], ["b"]);
            after = store.LoadRecords();
        }

        Assert.Equal(["a", "b"], before.Keys.Order()); // what a caller already holds is not changed under it
        Assert.Equal(Samples.Record("a").Restarts, before["a"].Restarts);
        using var reopened = LiteAgentStore.Open(_dir.Path);
        Assert.Equal(reopened.LoadRecords().OrderBy(p => p.Key), after.OrderBy(p => p.Key));
    }
}
