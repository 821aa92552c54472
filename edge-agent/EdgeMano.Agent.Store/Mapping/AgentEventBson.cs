using EdgeMano.Agent.Core.Model;
using LiteDB;

namespace EdgeMano.Agent.Store.Mapping;

/// <summary>AgentEvent &lt;-&gt; BsonDocument; the outbox sequence is the document id.</summary>
internal static class AgentEventBson
{
    public static BsonDocument ToDocument(long sequence, AgentEvent agentEvent) => new()
    {
        ["_id"] = sequence,
        ["at"] = BsonWriting.Time(agentEvent.At),
        ["workload"] = agentEvent.Workload,
        ["reason"] = agentEvent.Reason,
        ["message"] = agentEvent.Message,
        ["severity"] = agentEvent.Severity,
    };

    public static AgentEvent FromDocument(BsonDocument document)
    {
        var sequence = new BsonReading(document, "outbox event").Int64("_id");
        var read = new BsonReading(document, $"outbox event {sequence}");
        return new AgentEvent
        {
            Sequence = sequence,
            At = read.Time("at"),
            Workload = read.String("workload"),
            Reason = read.String("reason"),
            Message = read.String("message"),
            Severity = read.String("severity"),
        };
    }
}
