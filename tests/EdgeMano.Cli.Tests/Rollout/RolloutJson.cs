using System.Text.Json.Nodes;
using EdgeMano.Cli.Tests.Infrastructure;

namespace EdgeMano.Cli.Tests.Rollout;

/// <summary>Variants of Fixtures/api/rollout-web.json (web-13, InProgress, wave 2/2, edge-1 passed, edge-2 soaking, edge-3 waiting).</summary>
internal static class RolloutJson
{
    public static string Web(string state = "InProgress", string reason = "", string id = "web-13", string[]? moreHistory = null, string? edge2 = null)
    {
        var json = JsonNode.Parse(Fixture.Text("api/rollout-web.json"))!.AsObject();
        json["state"] = state;
        json["reason"] = reason;
        json["id"] = id;
        var history = json["history"]!.AsArray();
        foreach (var message in moreHistory ?? []) history.Add(new JsonObject { ["at"] = "2026-11-29T10:00:00Z", ["message"] = message });
        if (edge2 is not null) json["waveDetails"]![1]!["nodes"]![0]!["state"] = edge2;
        return json.ToJsonString();
    }

    /// <summary>A deployment answer with a rolloutStatus.</summary>
    public static string Deployment(long generation, string rolloutId, string state, long from, long to) => new JsonObject
    {
        ["name"] = "web",
        ["generation"] = generation,
        ["workloads"] = new JsonArray(),
        ["nodes"] = new JsonArray("edge-1"),
        ["unplaced"] = new JsonArray(),
        ["rollout"] = new JsonObject { ["batchSize"] = 1 },
        ["rolloutStatus"] = new JsonObject
        {
            ["id"] = rolloutId, ["state"] = state, ["fromGeneration"] = from, ["toGeneration"] = to, ["wave"] = 1, ["waves"] = 2, ["reason"] = "",
        },
    }.ToJsonString();
}
