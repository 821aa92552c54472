using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Agent.Store.Tests.TestSupport;
using Google.Protobuf;
using LiteDB;

namespace EdgeMano.Agent.Store.Tests;

public sealed class LiteAgentStoreDesiredTests : IDisposable
{
    private readonly TempStateDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadDesired_NothingSaved_Null()
    {
        using var store = LiteAgentStore.Open(_dir.Path);

        Assert.Null(store.LoadDesired());
    }

    [Fact]
    public void SaveDesired_HigherRevision_AcceptedAndLoaded()
    {
        using var store = LiteAgentStore.Open(_dir.Path);

        var first = store.SaveDesired(Samples.Desired(1));
        var second = store.SaveDesired(Samples.Desired(5));

        Assert.Equal(new(true, 1), first);
        Assert.Equal(new(true, 5), second);
        Assert.Equal(Samples.Desired(5), store.LoadDesired());
    }

    [Theory]
    [InlineData(7)]
    [InlineData(3)]
    [InlineData(-1)]
    public void SaveDesired_SameOrLowerRevision_RejectedAndKept(long revision)
    {
        using var store = LiteAgentStore.Open(_dir.Path);
        store.SaveDesired(Samples.Desired(7));

        var result = store.SaveDesired(Samples.Desired(revision) with { Source = "stale" });

        Assert.Equal(new(false, 7), result);
        Assert.Equal(Samples.Desired(7), store.LoadDesired());
    }

    [Fact]
    public void SaveDesired_RevisionZeroOnEmptyStore_Rejected()
    {
        using var store = LiteAgentStore.Open(_dir.Path);

        Assert.Equal(new(false, 0), store.SaveDesired(Samples.Desired(0)));
        Assert.Null(store.LoadDesired());
    }

    [Fact]
    public void SaveDesired_Stored_AsProtoBytesWithIndexedRevision()
    {
        var state = Samples.Desired(9);
        using (var store = LiteAgentStore.Open(_dir.Path)) store.SaveDesired(state);

        using var db = new LiteDatabase(new ConnectionString { Filename = _dir.DbFile, ReadOnly = true });
        var document = db.GetCollection("desired").FindById("current");
        var indexes = db.GetCollection("$indexes").Find(Query.EQ("collection", "desired")).Select(d => d["expression"].AsString);

        Assert.Equal(9, document["revision"].AsInt64);
        Assert.Equal(DesiredStateProtoMapper.ToProto(state).ToByteArray(), document["proto"].AsBinary);
        Assert.Contains("$.revision", indexes);
    }

    [Fact]
    public void LoadDesired_AfterSave_MatchesTheFileReopened()
    {
        EdgeMano.Agent.Core.Model.DesiredState? held;
        using (var store = LiteAgentStore.Open(_dir.Path))
        {
            Assert.Null(store.LoadDesired());
            store.SaveDesired(Samples.Desired(4));
            store.SaveDesired(Samples.Desired(3)); // refused: older
            held = store.LoadDesired();
        }

        using var reopened = LiteAgentStore.Open(_dir.Path);
        Assert.Equal(4, held!.Revision);
        Assert.Equal(reopened.LoadDesired()!.Workloads, held.Workloads);
        Assert.Equal(reopened.LoadDesired()!.Revision, held.Revision);
    }
}
