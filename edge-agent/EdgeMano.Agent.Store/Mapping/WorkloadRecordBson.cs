using EdgeMano.Agent.Core.Model;
using LiteDB;

namespace EdgeMano.Agent.Store.Mapping;

/// <summary>WorkloadRecord &lt;-&gt; BsonDocument, field by field (LiteDB's reflection mapper fails under AOT).</summary>
internal static class WorkloadRecordBson
{
    public static BsonDocument ToDocument(WorkloadRecord record) => new()
    {
        ["_id"] = record.Name,
        // Enums by name: readable with LiteDB tools and immune to reordering the enum.
        ["phase"] = record.Phase.ToString(),
        ["health"] = record.Health.ToString(),
        ["restarts"] = record.Restarts,
        ["consecutiveFailures"] = record.ConsecutiveFailures,
        ["lastExitCode"] = BsonWriting.Int32(record.LastExitCode),
        ["lastError"] = record.LastError,
        ["runtimeId"] = record.RuntimeId,
        ["specHash"] = record.SpecHash,
        ["since"] = BsonWriting.Time(record.Since),
        ["lastStartedAt"] = BsonWriting.Time(record.LastStartedAt),
        ["handledExitAt"] = BsonWriting.Time(record.HandledExitAt),
        ["nextAttemptAt"] = BsonWriting.Time(record.NextAttemptAt),
    };

    public static WorkloadRecord FromDocument(BsonDocument document)
    {
        var name = new BsonReading(document, "workload record").String("_id");
        var read = new BsonReading(document, $"workload record '{name}'");
        return new WorkloadRecord
        {
            Name = name,
            Phase = read.Enum<WorkloadPhase>("phase"),
            Health = read.Enum<HealthState>("health"),
            Restarts = read.Int32("restarts"),
            ConsecutiveFailures = read.Int32("consecutiveFailures"),
            LastExitCode = read.NullableInt32("lastExitCode"),
            LastError = read.String("lastError"),
            RuntimeId = read.String("runtimeId"),
            SpecHash = read.String("specHash"),
            Since = read.Time("since"),
            LastStartedAt = read.NullableTime("lastStartedAt"),
            HandledExitAt = read.NullableTime("handledExitAt"),
            NextAttemptAt = read.NullableTime("nextAttemptAt"),
        };
    }
}
