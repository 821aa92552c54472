using System.Text.Json.Nodes;
using EdgeMano.Plane.Core.Rollouts;

namespace EdgeMano.Plane.Host.Api;

/// <summary>Rollouts and revision history as the REST API shows them (docs/api.md, "Rollouts").</summary>
internal static class RolloutJson
{
    /// <summary>The rollout block as written: fields left at their default are left out, so an answer applied again reads the same.</summary>
    public static JsonObject Spec(RolloutSpec s)
    {
        var d = RolloutSpec.Default;
        var o = new JsonObject();
        if (s.BatchSize > 0) o["batchSize"] = s.BatchSize;
        if (s.BatchPercent > 0) o["batchPercent"] = s.BatchPercent;
        if (s.MaxUnavailable > 0) o["maxUnavailable"] = s.MaxUnavailable;
        if (s.Soak != d.Soak) o["soak"] = ApiJson.Duration(s.Soak);
        if (s.FailureThreshold > 0) o["failureThreshold"] = s.FailureThreshold;
        if (s.HealthTimeout != d.HealthTimeout) o["healthTimeout"] = ApiJson.Duration(s.HealthTimeout);
        return o;
    }

    /// <summary>One line of a deployment's answer: where its latest rollout stands.</summary>
    public static JsonObject Summary(Rollout r) => new()
    {
        ["id"] = r.Id,
        ["state"] = r.State.ToString(),
        ["fromGeneration"] = r.From.Generation,
        ["toGeneration"] = r.To.Generation,
        ["wave"] = Math.Min(r.CurrentWave + 1, r.Waves.Count),
        ["waves"] = r.Waves.Count,
        ["reason"] = r.Reason,
    };

    public static JsonObject Full(Rollout r)
    {
        var json = Summary(r);
        json["deployment"] = r.Deployment;
        json["from"] = Revision(r.From);
        json["to"] = Revision(r.To);
        json["spec"] = Spec(r.Spec);
        json["createdAt"] = ApiJson.Time(r.CreatedAt);
        json["updatedAt"] = ApiJson.Time(r.UpdatedAt);
        json["finishedAt"] = Time(r.FinishedAt);
        json["waveDetails"] = new JsonArray(r.Waves.Select(w => (JsonNode)new JsonObject
        {
            ["number"] = w.Number,
            ["startedAt"] = Time(w.StartedAt),
            ["finishedAt"] = Time(w.FinishedAt),
            ["nodes"] = new JsonArray(w.Nodes.Select(n => (JsonNode)new JsonObject
            {
                ["node"] = n.Node,
                ["state"] = n.State.ToString(),
                ["revert"] = n.Revert.ToString(),
                ["reason"] = n.Reason,
                ["updatedAt"] = Time(n.UpdatedAt),
                ["finishedAt"] = Time(n.FinishedAt),
            }).ToArray()),
        }).ToArray());
        json["history"] = new JsonArray(r.History.Select(e => (JsonNode)new JsonObject { ["at"] = ApiJson.Time(e.At), ["message"] = e.Message }).ToArray());
        return json;
    }

    public static JsonObject Revisions(RevisionHistory history) => new()
    {
        ["deployment"] = history.Deployment,
        ["items"] = new JsonArray(history.Entries.Select(e => (JsonNode)new JsonObject
        {
            ["generation"] = e.Generation,
            ["package"] = e.Package,
            ["fromGeneration"] = e.FromGeneration,
            ["rolloutId"] = e.RolloutId,
            ["result"] = e.Result.ToString(),
            ["startedAt"] = ApiJson.Time(e.StartedAt),
            ["finishedAt"] = Time(e.FinishedAt),
            ["reason"] = e.Reason,
            ["canRollBackTo"] = e.Spec is not null,
        }).ToArray()),
    };

    private static JsonObject Revision(RolloutRevision r) => new()
    {
        ["generation"] = r.Generation,
        ["package"] = r.Package,
        ["workloads"] = new JsonArray(r.Workloads.Select(w => (JsonNode)new JsonObject { ["name"] = w.Name, ["specHash"] = w.SpecHash }).ToArray()),
    };

    private static string? Time(DateTimeOffset? t) => t is { } value ? ApiJson.Time(value) : null;
}
