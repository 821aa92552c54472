using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Mapping;
using LiteDB;
using LiteDB.Engine;

namespace EdgeMano.Agent.Store;

/// <summary>
/// The bounded event outbox inside agent.db. Sequences come from a persisted counter, so they keep
/// rising across restarts and acks. When the outbox is full the oldest events are dropped and
/// counted; the count is persisted too and cleared by the next ack (it has then been reported).
/// Callers hold the store's lock and, for writes, an open transaction.
/// </summary>
internal sealed class EventOutbox(ILiteEngine engine, int capacity)
{
    private const string CountersId = "outbox";

    public long Dropped => ReadCounters().Dropped;

    public void Append(IReadOnlyList<AgentEvent> events)
    {
        var counters = ReadCounters();
        var next = counters.NextSequence;
        var documents = new List<BsonDocument>(events.Count);
        foreach (var agentEvent in events) documents.Add(AgentEventBson.ToDocument(next++, agentEvent));
        engine.Insert(StoreSchema.Outbox, documents);

        var excess = engine.Count(StoreSchema.Outbox) - capacity;
        var dropped = 0;
        if (excess > 0)
        {
            // Ids are sequences, so the id order is the age order.
            var oldest = engine.FindFirst(StoreSchema.Outbox, excess).Select(d => d["_id"]).ToList();
            dropped = engine.Delete(StoreSchema.Outbox, oldest);
        }
        WriteCounters(new Counters(next, counters.Dropped + dropped));
    }

    public IReadOnlyList<AgentEvent> Peek(int max) =>
        max <= 0 ? [] : engine.FindFirst(StoreSchema.Outbox, max).Select(AgentEventBson.FromDocument).ToList();

    public void Ack(long sequence)
    {
        engine.DeleteMany(StoreSchema.Outbox, Query.LTE("_id", sequence));
        WriteCounters(ReadCounters() with { Dropped = 0 });
    }

    private Counters ReadCounters()
    {
        var document = engine.FindById(StoreSchema.Meta, CountersId);
        if (document is null) return new Counters(NextSequence: 1, Dropped: 0);
        var read = new BsonReading(document, "outbox counters");
        return new Counters(read.Int64("nextSequence"), read.Int64("dropped"));
    }

    private void WriteCounters(Counters counters) =>
        engine.Upsert(StoreSchema.Meta, new BsonDocument
        {
            ["_id"] = CountersId,
            ["nextSequence"] = counters.NextSequence,
            ["dropped"] = counters.Dropped,
        });

    private readonly record struct Counters(long NextSequence, long Dropped);
}
