using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Scheduling;
using Google.Protobuf;
using LiteDB;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Plane.Store;

/// <summary>
/// Plane records to and from BSON by hand. Workloads travel as the same protobuf bytes the agents
/// receive, so a stored deployment or desired state has exactly one encoding.
/// <para>
/// Two LiteDB defaults are worked around here. Its string collation ignores case, so "Edge-1" and
/// "edge-1" would be one _id: ids go through <see cref="Key"/>, and each record keeps its own name
/// in a field. Its dates keep milliseconds only, so a timestamp from a real clock would come back
/// different: times are stored as UTC ticks.
/// </para>
/// </summary>
internal static class PlaneBson
{
    public static BsonDocument Deployment(Deployment d)
    {
        var doc = Spec(d.Spec);
        doc["_id"] = Key(d.Name);
        doc["sequence"] = d.Sequence;
        doc["generation"] = d.Generation;
        doc["createdAt"] = d.CreatedAt.UtcTicks;
        doc["updatedAt"] = d.UpdatedAt.UtcTicks;
        return doc;
    }

    public static Deployment Deployment(BsonDocument doc) => new()
    {
        Spec = Spec(doc),
        Sequence = doc["sequence"].AsInt64,
        Generation = doc["generation"].AsInt64,
        CreatedAt = Time(doc["createdAt"]),
        UpdatedAt = Time(doc["updatedAt"]),
    };

    /// <summary>A deployment spec alone (also what a revision history entry keeps).</summary>
    public static BsonDocument Spec(DeploymentSpec spec) => new()
    {
        ["name"] = spec.Name,
        ["selector"] = Map(spec.Selector),
        ["workloads"] = Workloads(spec.Workloads),
        ["packageName"] = spec.Package?.Name ?? "",
        ["packageVersion"] = spec.Package?.Version ?? "",
        ["packageDigest"] = spec.PackageDigest,
        ["placement"] = Placement(spec.Placement),
        ["rollout"] = spec.Rollout is { } rollout ? RolloutBson.Spec(rollout) : BsonValue.Null,
    };

    public static DeploymentSpec Spec(BsonDocument doc) => new()
    {
        Name = doc["name"].AsString,
        Selector = Map(doc["selector"].AsDocument),
        Workloads = Workloads(doc["workloads"].AsBinary),
        // Absent in deployments stored before packages existed.
        Package = doc["packageName"].IsString && doc["packageName"].AsString.Length > 0
            ? new PackageRef(doc["packageName"].AsString, doc["packageVersion"].AsString) : null,
        PackageDigest = doc["packageDigest"].IsString ? doc["packageDigest"].AsString : "",
        // Absent in deployments stored before placement existed: they keep the selector-only rule.
        Placement = doc["placement"].IsDocument ? Placement(doc["placement"].AsDocument) : PlacementSpec.Everywhere,
        // Absent in deployments stored before rollouts existed: changes reach every node at once.
        Rollout = doc["rollout"].IsDocument ? RolloutBson.Spec(doc["rollout"].AsDocument) : null,
    };

    public static BsonDocument Package(StoredPackage p) => new()
    {
        ["_id"] = Key(p.Key),
        ["name"] = p.Name,
        ["version"] = p.Version,
        ["digest"] = p.Digest,
        ["fileName"] = p.FileName,
        ["content"] = p.Content,
        ["onboardedAt"] = p.OnboardedAt.UtcTicks,
    };

    public static StoredPackage Package(BsonDocument doc) => new()
    {
        Name = doc["name"].AsString,
        Version = doc["version"].AsString,
        Digest = doc["digest"].AsString,
        FileName = doc["fileName"].AsString,
        Content = doc["content"].AsBinary,
        OnboardedAt = Time(doc["onboardedAt"]),
    };

    public static BsonDocument Issued(DesiredState s) => new()
    {
        ["_id"] = Key(s.NodeId),
        ["revision"] = s.Revision,
        ["proto"] = DesiredStateProtoMapper.ToProto(s).ToByteArray(),
    };

    public static DesiredState Issued(BsonDocument doc) =>
        DesiredStateProtoMapper.FromProto(Wire.DesiredState.Parser.ParseFrom(doc["proto"].AsBinary));

    public static BsonDocument Node(NodeRecord n) => new()
    {
        ["_id"] = Key(n.Id),
        ["id"] = n.Id,
        ["labels"] = Map(n.Identity.Labels),
        ["arch"] = n.Identity.Arch,
        ["runtime"] = n.Identity.Runtime,
        ["cpuMillis"] = n.Identity.CpuMillis,
        ["memoryBytes"] = n.Identity.MemoryBytes,
        ["agentVersion"] = n.Identity.AgentVersion,
        ["lastSeen"] = n.LastSeen.UtcTicks,
        ["desiredRevision"] = n.DesiredRevision,
        ["observedRevision"] = n.ObservedRevision,
        ["eventsDropped"] = n.EventsDropped,
        ["workloads"] = new BsonArray(n.Workloads.Select(ReportedWorkload)),
    };

    public static NodeRecord Node(BsonDocument doc) => new()
    {
        Id = doc["id"].AsString,
        Identity = new NodeIdentity
        {
            Labels = Map(doc["labels"].AsDocument),
            Arch = doc["arch"].AsString,
            Runtime = doc["runtime"].AsString,
            CpuMillis = doc["cpuMillis"].AsInt64,
            MemoryBytes = doc["memoryBytes"].AsInt64,
            AgentVersion = doc["agentVersion"].AsString,
        },
        LastSeen = Time(doc["lastSeen"]),
        DesiredRevision = doc["desiredRevision"].AsInt64,
        ObservedRevision = doc["observedRevision"].AsInt64,
        EventsDropped = doc["eventsDropped"].AsInt64,
        Workloads = new ValueList<ReportedWorkload>(doc["workloads"].AsArray.Select(v => ReportedWorkload(v.AsDocument))),
    };

    public static BsonDocument Event(NodeEvent e) => new()
    {
        ["_id"] = EventId(e.NodeId, e.Sequence),
        ["node"] = e.NodeId,
        ["sequence"] = e.Sequence,
        ["at"] = e.At.UtcTicks,
        ["workload"] = e.Workload,
        ["reason"] = e.Reason,
        ["message"] = e.Message,
        ["severity"] = e.Severity,
    };

    public static NodeEvent Event(BsonDocument doc) => new()
    {
        NodeId = doc["node"].AsString,
        Sequence = doc["sequence"].AsInt64,
        At = Time(doc["at"]),
        Workload = doc["workload"].AsString,
        Reason = doc["reason"].AsString,
        Message = doc["message"].AsString,
        Severity = doc["severity"].AsString,
    };

    /// <summary>
    /// Sorts by node, then by sequence (zero-padded), so one node's events are one id range. '/' never
    /// occurs in a <see cref="Key"/>, so "n1/..." and "n10/..." part at the separator: ranges never overlap.
    /// </summary>
    public static string EventId(string node, long sequence) => $"{Key(node)}/{sequence:D19}";

    /// <summary>
    /// A string id as an _id that LiteDB's case-insensitive collation keeps apart from every other:
    /// lowercase letters, digits, '.', '_' and '-' stay (so ids stay readable), an uppercase letter
    /// becomes '^' and its lowercase, and any other character '~' and its UTF-16 code in 4 hex digits.
    /// </summary>
    public static string Key(string id)
    {
        var key = new System.Text.StringBuilder(id.Length + 4);
        foreach (var c in id)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-') key.Append(c);
            else if (c is >= 'A' and <= 'Z') key.Append('^').Append(char.ToLowerInvariant(c));
            else key.Append('~').Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        }
        return key.ToString();
    }

    private static BsonDocument Placement(PlacementSpec p) => new()
    {
        ["arch"] = new BsonArray(p.Arch.Select(a => new BsonValue(a))),
        ["runtimes"] = new BsonArray(p.Runtimes.Select(r => new BsonValue(r))),
        ["count"] = p.Count,
        ["spreadBy"] = p.SpreadBy,
        ["maxPerSpreadValue"] = p.MaxPerSpreadValue,
    };

    private static PlacementSpec Placement(BsonDocument doc)
    {
        var spec = new PlacementSpec
        {
            Arch = new ValueList<string>(doc["arch"].AsArray.Select(v => v.AsString)),
            Runtimes = new ValueList<string>(doc["runtimes"].AsArray.Select(v => v.AsString)),
            Count = doc["count"].AsInt32,
            SpreadBy = doc["spreadBy"].AsString,
            MaxPerSpreadValue = doc["maxPerSpreadValue"].AsInt32,
        };
        // The shared instance, so the controller's "no placement" fast path sees it as such by reference too.
        return spec.Equals(PlacementSpec.Everywhere) ? PlacementSpec.Everywhere : spec;
    }

    private static BsonDocument ReportedWorkload(ReportedWorkload w) => new()
    {
        ["name"] = w.Name,
        ["phase"] = w.Phase,
        ["health"] = w.Health,
        ["restarts"] = w.Restarts,
        ["lastExitCode"] = w.LastExitCode is { } code ? new BsonValue(code) : BsonValue.Null,
        ["lastError"] = w.LastError,
        ["specHash"] = w.SpecHash,
        ["since"] = w.Since is { } since ? new BsonValue(since.UtcTicks) : BsonValue.Null,
    };

    private static ReportedWorkload ReportedWorkload(BsonDocument doc) => new()
    {
        Name = doc["name"].AsString,
        Phase = doc["phase"].AsString,
        Health = doc["health"].AsString,
        Restarts = doc["restarts"].AsInt32,
        LastExitCode = doc["lastExitCode"].IsNull ? null : doc["lastExitCode"].AsInt32,
        LastError = doc["lastError"].AsString,
        SpecHash = doc["specHash"].AsString,
        Since = doc["since"].IsNull ? null : Time(doc["since"]),
    };

    private static BsonDocument Map(ValueMap map)
    {
        // Label keys may hold '.', which LiteDB field names handle, but '$' prefixes are reserved:
        // store pairs as an array-free document keyed by position to stay safe with any key.
        var doc = new BsonDocument();
        var i = 0;
        foreach (var (key, value) in map) doc[$"p{i++}"] = new BsonArray { key, value };
        return doc;
    }

    private static ValueMap Map(BsonDocument doc) =>
        new(doc.Values.Select(v => new KeyValuePair<string, string>(v.AsArray[0].AsString, v.AsArray[1].AsString)));

    private static byte[] Workloads(ValueList<WorkloadSpec> workloads)
    {
        var message = new Wire.DesiredState();
        message.Workloads.AddRange(workloads.Select(DesiredStateProtoMapper.ToProto));
        return message.ToByteArray();
    }

    private static ValueList<WorkloadSpec> Workloads(byte[] bytes) =>
        new(Wire.DesiredState.Parser.ParseFrom(bytes).Workloads.Select(DesiredStateProtoMapper.FromProto));

    public static DateTimeOffset Time(BsonValue utcTicks) => new(utcTicks.AsInt64, TimeSpan.Zero);
}
