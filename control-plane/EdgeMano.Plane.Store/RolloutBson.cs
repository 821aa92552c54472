using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Rollouts;
using LiteDB;

namespace EdgeMano.Plane.Store;

/// <summary>
/// Rollout records as BSON documents (collection "rollouts", one per deployment), by hand like the
/// rest of the store: times as UTC ticks, enums by name (so a reordered enum cannot change a stored state).
/// </summary>
internal static class RolloutBson
{
    public const string Collection = "rollouts";

    public static BsonDocument Record(RolloutRecord r) => new()
    {
        ["_id"] = PlaneBson.Key(r.Deployment),
        ["deployment"] = r.Deployment,
        ["latest"] = r.Latest is { } latest ? Rollout(latest) : BsonValue.Null,
        ["fromSpec"] = r.FromSpec is { } from ? PlaneBson.Spec(from) : BsonValue.Null,
        ["history"] = Array(r.History.Entries, Entry),
    };

    public static RolloutRecord Record(BsonDocument doc)
    {
        var deployment = doc["deployment"].AsString;
        return new RolloutRecord
        {
            Deployment = deployment,
            Latest = doc["latest"].IsDocument ? Rollout(doc["latest"].AsDocument) : null,
            FromSpec = doc["fromSpec"].IsDocument ? PlaneBson.Spec(doc["fromSpec"].AsDocument) : null,
            History = new RevisionHistory { Deployment = deployment, Entries = List(doc["history"], Entry) },
        };
    }

    public static BsonDocument Spec(RolloutSpec s) => new()
    {
        ["batchSize"] = s.BatchSize,
        ["batchPercent"] = s.BatchPercent,
        ["maxUnavailable"] = s.MaxUnavailable,
        ["soak"] = s.Soak.Ticks,
        ["failureThreshold"] = s.FailureThreshold,
        ["healthTimeout"] = s.HealthTimeout.Ticks,
    };

    public static RolloutSpec Spec(BsonDocument doc) => new()
    {
        BatchSize = doc["batchSize"].AsInt32,
        BatchPercent = doc["batchPercent"].AsDouble,
        MaxUnavailable = doc["maxUnavailable"].AsInt32,
        Soak = TimeSpan.FromTicks(doc["soak"].AsInt64),
        FailureThreshold = doc["failureThreshold"].AsDouble,
        HealthTimeout = TimeSpan.FromTicks(doc["healthTimeout"].AsInt64),
    };

    public static List<RolloutRecord> LoadAll(LiteDatabase db) => db.GetCollection(Collection).FindAll().Select(Record).ToList();

    private static BsonDocument Rollout(Rollout r) => new()
    {
        ["id"] = r.Id,
        ["deployment"] = r.Deployment,
        ["from"] = Revision(r.From),
        ["to"] = Revision(r.To),
        ["spec"] = Spec(r.Spec),
        ["state"] = r.State.ToString(),
        ["waves"] = Array(r.Waves, Wave),
        ["currentWave"] = r.CurrentWave,
        ["createdAt"] = r.CreatedAt.UtcTicks,
        ["updatedAt"] = r.UpdatedAt.UtcTicks,
        ["rollbackStartedAt"] = Time(r.RollbackStartedAt),
        ["finishedAt"] = Time(r.FinishedAt),
        ["reason"] = r.Reason,
        ["history"] = Array(r.History, e => new BsonDocument { ["at"] = e.At.UtcTicks, ["message"] = e.Message }),
    };

    private static Rollout Rollout(BsonDocument doc) => new()
    {
        Id = doc["id"].AsString,
        Deployment = doc["deployment"].AsString,
        From = Revision(doc["from"].AsDocument),
        To = Revision(doc["to"].AsDocument),
        Spec = Spec(doc["spec"].AsDocument),
        State = Enum.Parse<RolloutState>(doc["state"].AsString),
        Waves = List(doc["waves"], Wave),
        CurrentWave = doc["currentWave"].AsInt32,
        CreatedAt = PlaneBson.Time(doc["createdAt"]),
        UpdatedAt = PlaneBson.Time(doc["updatedAt"]),
        RollbackStartedAt = Time(doc["rollbackStartedAt"]),
        FinishedAt = Time(doc["finishedAt"]),
        Reason = doc["reason"].AsString,
        History = List(doc["history"], e => new RolloutEvent(PlaneBson.Time(e["at"]), e["message"].AsString)),
    };

    private static BsonDocument Revision(RolloutRevision r) => new()
    {
        ["generation"] = r.Generation,
        ["package"] = r.Package,
        ["workloads"] = Array(r.Workloads, w => new BsonDocument { ["name"] = w.Name, ["specHash"] = w.SpecHash }),
    };

    private static RolloutRevision Revision(BsonDocument doc) => new()
    {
        Generation = doc["generation"].AsInt64,
        Package = doc["package"].AsString,
        Workloads = List(doc["workloads"], w => new RevisionWorkload(w["name"].AsString, w["specHash"].AsString)),
    };

    private static BsonDocument Wave(RolloutWave w) => new()
    {
        ["number"] = w.Number,
        ["nodes"] = Array(w.Nodes, Step),
        ["startedAt"] = Time(w.StartedAt),
        ["finishedAt"] = Time(w.FinishedAt),
    };

    private static RolloutWave Wave(BsonDocument doc) => new()
    {
        Number = doc["number"].AsInt32,
        Nodes = List(doc["nodes"], Step),
        StartedAt = Time(doc["startedAt"]),
        FinishedAt = Time(doc["finishedAt"]),
    };

    private static BsonDocument Step(NodeStep s) => new()
    {
        ["node"] = s.Node,
        ["state"] = s.State.ToString(),
        ["revert"] = s.Revert.ToString(),
        ["updatedAt"] = Time(s.UpdatedAt),
        ["waitingSince"] = Time(s.WaitingSince),
        ["healthySince"] = Time(s.HealthySince),
        ["finishedAt"] = Time(s.FinishedAt),
        ["restartBaseline"] = s.RestartBaseline is { } baseline ? new BsonArray(baseline.Select(n => new BsonValue(n))) : BsonValue.Null,
        ["reason"] = s.Reason,
    };

    private static NodeStep Step(BsonDocument doc) => new()
    {
        Node = doc["node"].AsString,
        State = Enum.Parse<NodeStepState>(doc["state"].AsString),
        Revert = Enum.Parse<RevertState>(doc["revert"].AsString),
        UpdatedAt = Time(doc["updatedAt"]),
        WaitingSince = Time(doc["waitingSince"]),
        HealthySince = Time(doc["healthySince"]),
        FinishedAt = Time(doc["finishedAt"]),
        RestartBaseline = doc["restartBaseline"].IsArray ? new ValueList<int>(doc["restartBaseline"].AsArray.Select(v => v.AsInt32)) : null,
        Reason = doc["reason"].AsString,
    };

    private static BsonDocument Entry(RevisionEntry e) => new()
    {
        ["generation"] = e.Generation,
        ["package"] = e.Package,
        ["fromGeneration"] = e.FromGeneration,
        ["rolloutId"] = e.RolloutId,
        ["result"] = e.Result.ToString(),
        ["startedAt"] = e.StartedAt.UtcTicks,
        ["finishedAt"] = Time(e.FinishedAt),
        ["reason"] = e.Reason,
        ["spec"] = e.Spec is { } spec ? PlaneBson.Spec(spec) : BsonValue.Null,
    };

    private static RevisionEntry Entry(BsonDocument doc) => new()
    {
        Generation = doc["generation"].AsInt64,
        Package = doc["package"].AsString,
        FromGeneration = doc["fromGeneration"].AsInt64,
        RolloutId = doc["rolloutId"].AsString,
        Result = Enum.Parse<RolloutState>(doc["result"].AsString),
        StartedAt = PlaneBson.Time(doc["startedAt"]),
        FinishedAt = Time(doc["finishedAt"]),
        Reason = doc["reason"].AsString,
        Spec = doc["spec"].IsDocument ? PlaneBson.Spec(doc["spec"].AsDocument) : null,
    };

    private static BsonValue Time(DateTimeOffset? t) => t is { } value ? new BsonValue(value.UtcTicks) : BsonValue.Null;

    private static DateTimeOffset? Time(BsonValue v) => v.IsNull ? null : PlaneBson.Time(v);

    private static BsonArray Array<T>(IEnumerable<T> items, Func<T, BsonDocument> map) => new(items.Select(i => (BsonValue)map(i)));

    private static ValueList<T> List<T>(BsonValue array, Func<BsonDocument, T> map) => new(array.AsArray.Select(v => map(v.AsDocument)));
}
