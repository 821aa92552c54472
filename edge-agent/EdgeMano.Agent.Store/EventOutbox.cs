using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Mapping;
using LiteDB;

namespace EdgeMano.Agent.Store;

/// <summary>
/// The bounded event outbox inside agent.db. Sequences come from a persisted counter, so they keep
/// rising across restarts and acks. When the outbox is full the oldest events are dropped and
/// counted; the count is persisted too and cleared by the next ack (it has then been reported).
/// Callers hold the store's lock and, for writes, an open transaction.
/// </summary>
internal sealed class EventOutbox(LiteDatabase db, int capacity)
{
    private const string CountersId = "outbox";

    private ILiteCollection<BsonDocument> Events => db.GetCollection(StoreSchema.Outbox);

    private ILiteCollection<BsonDocument> Meta => db.GetCollection(StoreSchema.Meta);

    public long Dropped => ReadCounters().Dropped;

    public void Append(IReadOnlyList<AgentEvent> events)
    {
        var counters = ReadCounters();
        var next = counters.NextSequence;
        foreach (var agentEvent in events) Events.Insert(AgentEventBson.ToDocument(next++, agentEvent));

        var excess = Events.Count() - capacity;
        var dropped = 0;
        if (excess > 0)
        {
            // Ids are sequences, so the id order is the age order.
            var oldest = Events.Find(Query.All(), skip: 0, limit: excess).Select(d => d["_id"]).ToList();
            foreach (var id in oldest) Events.Delete(id);
            dropped = oldest.Count;
        }
        WriteCounters(new Counters(next, counters.Dropped + dropped));
    }

    public IReadOnlyList<AgentEvent> Peek(int max) =>
        max <= 0 ? [] : Events.Find(Query.All(), skip: 0, limit: max).Select(AgentEventBson.FromDocument).ToList();

    public void Ack(long sequence)
    {
        Events.DeleteMany(Query.LTE("_id", sequence));
        WriteCounters(ReadCounters() with { Dropped = 0 });
    }

    private Counters ReadCounters()
    {
        var document = Meta.FindById(CountersId);
        if (document is null) return new Counters(NextSequence: 1, Dropped: 0);
        var read = new BsonReading(document, "outbox counters");
        return new Counters(read.Int64("nextSequence"), read.Int64("dropped"));
    }

    private void WriteCounters(Counters counters) =>
        Meta.Upsert(new BsonDocument
        {
            ["_id"] = CountersId,
            ["nextSequence"] = counters.NextSequence,
            ["dropped"] = counters.Dropped,
        });

    private readonly record struct Counters(long NextSequence, long Dropped);
}
