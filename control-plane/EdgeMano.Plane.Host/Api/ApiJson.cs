using System.Globalization;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Scheduling;

namespace EdgeMano.Plane.Host.Api;

/// <summary>REST bodies (docs/api.md) built from plane records; workloads in the agent's file format.</summary>
internal static class ApiJson
{
    public static JsonObject Node(NodeRecord n, DesiredState? issued) => new()
    {
        ["id"] = n.Id,
        ["labels"] = Map(n.Identity.Labels),
        ["arch"] = n.Identity.Arch,
        ["runtime"] = n.Identity.Runtime,
        ["capacity"] = new JsonObject { ["cpuMillis"] = n.Identity.CpuMillis, ["memoryBytes"] = n.Identity.MemoryBytes },
        ["agentVersion"] = n.Identity.AgentVersion,
        ["presence"] = n.Presence.ToString().ToLowerInvariant(),
        ["lastSeen"] = n.LastSeen == default ? null : Time(n.LastSeen),
        ["desiredRevision"] = n.DesiredRevision,
        ["observedRevision"] = n.ObservedRevision,
        ["inSync"] = n.InSync,
        ["converged"] = Convergence.IsConverged(n, issued),
        ["eventsDropped"] = n.EventsDropped,
        ["workloads"] = new JsonArray(n.Workloads.Select(w => (JsonNode)new JsonObject
        {
            ["name"] = w.Name,
            ["phase"] = w.Phase,
            ["health"] = w.Health,
            ["restarts"] = w.Restarts,
            ["lastExitCode"] = w.LastExitCode,
            ["lastError"] = w.LastError,
            ["specHash"] = w.SpecHash,
            ["since"] = w.Since is { } since ? Time(since) : null,
        }).ToArray()),
    };

    public static JsonObject Event(NodeEvent e) => new()
    {
        ["sequence"] = e.Sequence,
        ["at"] = Time(e.At),
        ["workload"] = e.Workload,
        ["reason"] = e.Reason,
        ["message"] = e.Message,
        ["severity"] = e.Severity,
    };

    public static JsonObject Deployment(DeploymentView view)
    {
        var d = view.Deployment;
        var json = new JsonObject
        {
            ["apiVersion"] = "edgemano/v1",
            ["kind"] = "Deployment",
            ["name"] = d.Name,
            ["selector"] = Map(d.Spec.Selector),
            [d.Spec.Package is null ? "workloads" : "workloadNames"] = d.Spec.Package is null
                ? new JsonArray(d.Spec.Workloads.Select(w => (JsonNode)Workload(w)).ToArray())
                : new JsonArray(d.Spec.Workloads.Select(w => (JsonNode)JsonValue.Create(w.Name)!).ToArray()),
            ["generation"] = d.Generation,
            ["createdAt"] = Time(d.CreatedAt),
            ["updatedAt"] = Time(d.UpdatedAt),
            ["nodes"] = new JsonArray(view.Nodes.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["unplaced"] = new JsonArray(view.Unplaced.Select(u => (JsonNode)new JsonObject { ["node"] = u.Node, ["reason"] = u.Reason }).ToArray()),
            ["placementStatus"] = PlacementStatus(view.Placement),
        };
        // Like package: only a deployment that has the block gets the key back.
        if (d.Spec.Rollout is { } rollout) json.Insert(3, "rollout", RolloutJson.Spec(rollout));
        if (!d.Spec.Placement.Equals(PlacementSpec.Everywhere)) json.Insert(3, "placement", Placement(d.Spec.Placement));
        if (view.Rollout is { } latest) json["rolloutStatus"] = RolloutJson.Summary(latest);
        // Only package deployments have the key: an answer applied again must read as it was written.
        if (d.Spec.Package is { } p)
            json.Insert(3, "package", new JsonObject { ["name"] = p.Name, ["version"] = p.Version, ["digest"] = d.Spec.PackageDigest });
        return json;
    }

    /// <summary>The placement block as written: fields left at their default are left out.</summary>
    public static JsonObject Placement(PlacementSpec p)
    {
        var o = new JsonObject();
        if (p.Arch.Count > 0) o["arch"] = Strings(p.Arch);
        if (p.Runtimes.Count > 0) o["runtimes"] = Strings(p.Runtimes);
        if (p.Count > 0) o["count"] = p.Count;
        if (p.SpreadBy.Length > 0) o["spreadBy"] = p.SpreadBy;
        if (p.MaxPerSpreadValue > 0) o["maxPerSpreadValue"] = p.MaxPerSpreadValue;
        return o;
    }

    /// <summary>
    /// What placement made of the deployment. Refused nodes come grouped by reason (nodes of the same
    /// kind refuse with the same words), each group naming its first nodes: a refusal by 10,000 nodes stays short.
    /// </summary>
    public static JsonObject PlacementStatus(DeploymentPlacement p) => new()
    {
        ["wanted"] = p.Wanted,
        ["placed"] = p.Nodes.Count,
        ["cannotPlace"] = p.Shortfall,
        ["refused"] = new JsonArray(p.Rejections.GroupBy(r => r.Reason).Select(g => (JsonNode)new JsonObject
        {
            ["reason"] = g.Key,
            ["count"] = g.Count(),
            ["nodes"] = Strings(g.Take(RefusedNodesListed).Select(r => r.Node)),
        }).ToArray()),
        ["notes"] = Strings(p.Notes),
    };

    /// <summary>Nodes named per refusal group; <c>count</c> has the total.</summary>
    public const int RefusedNodesListed = 10;

    public static JsonObject Items(IEnumerable<JsonNode> items) => new() { ["items"] = new JsonArray(items.ToArray()) };

    /// <summary>A workload as the agent's YAML/JSON format writes it (defaults left out).</summary>
    public static JsonObject Workload(WorkloadSpec w)
    {
        var o = new JsonObject { ["name"] = w.Name, ["kind"] = w.Kind == WorkloadKind.Container ? "container" : "process" };
        if (w.Image.Length > 0) o["image"] = w.Image;
        if (w.Command.Count > 0) o["command"] = Strings(w.Command);
        if (w.Args.Count > 0) o["args"] = Strings(w.Args);
        if (w.Env.Count > 0) o["env"] = Map(w.Env);
        if (w.Ports.Count > 0)
        {
            o["ports"] = new JsonArray(w.Ports.Select(p =>
            {
                var port = new JsonObject { ["containerPort"] = p.ContainerPort, ["hostPort"] = p.HostPort, ["protocol"] = p.Protocol };
                if (p.HostIp.Length > 0) port["hostIp"] = p.HostIp;
                return (JsonNode)port;
            }).ToArray());
        }
        if (w.Mounts.Count > 0)
            o["mounts"] = new JsonArray(w.Mounts.Select(m => (JsonNode)new JsonObject { ["source"] = m.Source, ["target"] = m.Target, ["readOnly"] = m.ReadOnly }).ToArray());
        if (w.Resources.Cpus > 0 || w.Resources.MemoryBytes > 0)
            o["resources"] = new JsonObject { ["cpus"] = w.Resources.Cpus, ["memory"] = w.Resources.MemoryBytes };
        o["restart"] = new JsonObject
        {
            ["policy"] = w.Restart.Mode switch { RestartMode.OnFailure => "on-failure", RestartMode.Never => "never", _ => "always" },
            ["maxRetries"] = w.Restart.MaxRetries,
            ["backoffUnit"] = Duration(w.Restart.BackoffUnit),
            ["backoffCap"] = Duration(w.Restart.BackoffCap),
            ["healthyReset"] = Duration(w.Restart.HealthyReset),
        };
        if (w.Health is { } h)
        {
            var probe = h.Kind switch
            {
                ProbeKind.Http => new JsonObject { ["http"] = new JsonObject { ["path"] = h.Path, ["port"] = h.Port } },
                ProbeKind.Tcp => new JsonObject { ["tcp"] = new JsonObject { ["port"] = h.Port } },
                _ => new JsonObject { ["exec"] = new JsonObject { ["command"] = Strings(h.Command) } },
            };
            probe["period"] = Duration(h.Period);
            probe["timeout"] = Duration(h.Timeout);
            probe["failureThreshold"] = h.FailureThreshold;
            probe["initialDelay"] = Duration(h.InitialDelay);
            o["health"] = probe;
        }
        if (w.Labels.Count > 0) o["labels"] = Map(w.Labels);
        if (w.WorkingDir.Length > 0) o["workingDir"] = w.WorkingDir;
        if (w.Network.Length > 0) o["network"] = w.Network;
        if (w.Networks.Count > 0)
            o["networks"] = new JsonArray(w.Networks.Select(n => (JsonNode)new JsonObject { ["name"] = n.Name, ["aliases"] = Strings(n.Aliases) }).ToArray());
        if (w.Hosts.Count > 0) o["hosts"] = Map(w.Hosts);
        return o;
    }

    /// <summary>RFC 3339 in UTC with milliseconds, e.g. 2026-11-29T10:00:00.123Z.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs) o[k] = v;
        return o;
    }

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());

    public static string Duration(TimeSpan t) =>
        t.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
