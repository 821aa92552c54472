using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// <c>livenessProbe</c> into the agent's health probe: httpGet (HTTP, no headers, no other host),
/// tcpSocket and exec, with Kubernetes' defaults (period 10s, timeout 1s, 3 failures). A
/// <c>startupProbe</c> only delays liveness, so its whole window (initial delay + period ×
/// failures) is added to the liveness initial delay. readinessProbe is ignored: nothing routes
/// traffic by readiness on a container node.
/// </summary>
internal static class ProbeTranslator
{
    private static readonly FieldPolicy Policy = new(
        ["httpGet", "tcpSocket", "exec", "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold"],
        ["successThreshold", "terminationGracePeriodSeconds"],
        new Dictionary<string, string> { ["grpc"] = "the agent probes over HTTP, TCP or a command only" });

    /// <summary>Upper bound for probe seconds: Kubernetes sets none, a day is already longer than any real probe.</summary>
    private const int MaxSeconds = 86_400;

    public static HealthProbeSpec? Read(YamlMapping container, WorkloadDraft draft)
    {
        var liveness = container.Mapping("livenessProbe", null);
        if (liveness is null) return null;
        Policy.Check(liveness, "livenessProbe");
        draft.Origin("health", liveness.Path);

        var probe = Action(liveness, draft);
        // Timings are read even when the action failed, so their errors come in the same pass.
        var period = liveness.Int32("periodSeconds", min: 1, max: MaxSeconds) ?? 10;
        var timeout = liveness.Int32("timeoutSeconds", min: 1, max: MaxSeconds) ?? 1;
        var failures = liveness.Int32("failureThreshold", min: 1, max: 10_000) ?? 3;
        var delay = TimeSpan.FromSeconds(liveness.Int32("initialDelaySeconds", min: 0, max: MaxSeconds) ?? 0);
        if (container.Mapping("startupProbe", null) is { } startup)
        {
            var window = (startup.Int32("initialDelaySeconds", min: 0, max: MaxSeconds) ?? 0)
                + (startup.Int32("periodSeconds", min: 1, max: MaxSeconds) ?? 10) * (startup.Int32("failureThreshold", min: 1, max: 10_000) ?? 3);
            delay += TimeSpan.FromSeconds(window);
        }
        return probe is null ? null : probe with
        {
            Period = TimeSpan.FromSeconds(period),
            Timeout = TimeSpan.FromSeconds(timeout),
            FailureThreshold = failures,
            InitialDelay = delay,
        };
    }

    private static HealthProbeSpec? Action(YamlMapping liveness, WorkloadDraft draft)
    {
        if (liveness.Mapping("httpGet", ["path", "port", "host", "scheme", "httpHeaders"]) is { } http)
        {
            draft.Origin("health.http", http.Path);
            if (http.String("host") is { Length: > 0 } host)
                http.Get("host")!.Error($"host '{host}' cannot be translated for container nodes: the agent probes the container's published port on the node");
            if (http.String("scheme") is { } scheme && scheme != "HTTP")
                http.Get("scheme")!.Error($"scheme {scheme} cannot be translated for container nodes: the agent probes over plain HTTP");
            if (http.List("httpHeaders") is { Count: > 0 })
                http.Get("httpHeaders")!.Error("httpHeaders cannot be translated for container nodes: the agent's HTTP probe sends no custom headers");
            var port = ResolvePort(http.Get("port", required: true), draft);
            return port is null ? null : new HealthProbeSpec { Kind = ProbeKind.Http, Port = port.Value, Path = http.String("path") ?? "/" };
        }
        if (liveness.Mapping("tcpSocket", ["port", "host"]) is { } tcp)
        {
            draft.Origin("health.tcp", tcp.Path);
            if (tcp.String("host") is { Length: > 0 } host)
                tcp.Get("host")!.Error($"host '{host}' cannot be translated for container nodes: the agent probes the container's published port on the node");
            var port = ResolvePort(tcp.Get("port", required: true), draft);
            return port is null ? null : new HealthProbeSpec { Kind = ProbeKind.Tcp, Port = port.Value };
        }
        if (liveness.Mapping("exec", ["command"]) is { } exec)
        {
            draft.Origin("health.exec", exec.Path);
            var command = exec.StringList("command", required: true);
            return command is null ? null : new HealthProbeSpec { Kind = ProbeKind.Exec, Command = new ValueList<string>(command) };
        }
        if (!liveness.Has("grpc")) liveness.Self.Error("a livenessProbe needs httpGet, tcpSocket or exec");
        return null;
    }

    /// <summary>A port number, or the name of one of the container's ports.</summary>
    public static int? ResolvePort(YamlValue? value, WorkloadDraft draft)
    {
        if (value?.AsString() is not { } text) return null;
        if (int.TryParse(text, out var number))
        {
            if (number is >= 1 and <= 65535) return number;
            value.Error($"must be between 1 and 65535, got {number}");
            return null;
        }
        if (draft.Ports.FirstOrDefault(p => p.Name == text) is { } named) return named.ContainerPort;
        var declared = draft.Ports.Where(p => p.Name.Length > 0).Select(p => $"'{p.Name}'").ToList();
        value.Error($"named port '{text}' is not declared in the container's ports (named: {(declared.Count == 0 ? "none" : string.Join(", ", declared))})");
        return null;
    }
}
