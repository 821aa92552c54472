using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeMano.Agent.Host.Tests.Infrastructure;

/// <summary>
/// Desired-state YAML for the end-to-end tests (format: examples/README.md), container workloads
/// from the locally built local/busybox:1, with short probe periods so tests stay quick.
/// </summary>
public static class DockerE2eWorkloads
{
    public static string Document(long revision, params string[] workloads)
    {
        var b = new StringBuilder();
        b.Append("apiVersion: edgemano/v1\nkind: DesiredState\n");
        b.Append(CultureInfo.InvariantCulture, $"revision: {revision}\n");
        if (workloads.Length == 0) return b.Append("workloads: []\n").ToString();
        b.Append("workloads:\n");
        foreach (var w in workloads) b.Append(w);
        return b.ToString();
    }

    /// <summary>A busybox container workload; each field is one line of YAML under the list item.</summary>
    public static string Container(string name, params string[] fields)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    kind: container\n    image: local/busybox:1\n");
        foreach (var f in fields) b.Append("    ").Append(f).Append('\n');
        return b.ToString();
    }

    /// <summary>httpd serving /www/health on a loopback host port; probe: http (through that port) or exec.
    /// <paramref name="containerPort"/>: on a host-network runtime (containerd) pass the host port, as nothing is remapped.</summary>
    public static string Web(int hostPort, string probe = "http", string name = "web", int containerPort = 8080) => Container(name,
        "command: [sh, -c]",
        $"args: [\"echo ok > /www/health && exec httpd -f -p {containerPort} -h /www\"]",
        $"ports: [{{containerPort: {containerPort}, hostPort: {hostPort}, hostIp: 127.0.0.1}}]",
        "restart: {policy: always, backoffUnit: 1s, backoffCap: 2s}",
        probe == "http"
            ? $"health: {{http: {{path: /health, port: {containerPort}}}, period: 1s, timeout: 1s, failureThreshold: 3}}"
            : "health: {exec: {command: [cat, /www/health]}, period: 1s, timeout: 2s, failureThreshold: 3}");

    public static string Sleeper(string greeting = "hello", string name = "sleeper") => Container(name,
        "command: [sleep, \"3600\"]",
        $"env: {{GREETING: {greeting}}}",
        "restart: {policy: on-failure, maxRetries: 5, backoffUnit: 1s, backoffCap: 2s}");

    /// <summary>An nc echo listener; probe: tcp (through the host port) or none. <paramref name="containerPort"/> as for <see cref="Web"/>.</summary>
    public static string Listener(int hostPort, string probe = "tcp", string name = "listener", int containerPort = 9000)
    {
        string[] fields =
        [
            $"command: [nc, -ll, -p, \"{containerPort}\", -e, cat]",
            $"ports: [\"127.0.0.1:{hostPort}:{containerPort}\"]",
            "restart: {policy: always, backoffUnit: 1s, backoffCap: 2s}",
        ];
        return probe == "tcp"
            ? Container(name, [.. fields, $"health: {{tcp: {{port: {containerPort}}}, period: 1s, timeout: 1s, failureThreshold: 3}}"])
            : Container(name, fields);
    }
}

/// <summary>Reading `status -o json` (Host/Status/StatusView.cs, camelCase).</summary>
public static class StatusJson
{
    public static long ObservedRevision(this JsonElement status) => status.GetProperty("observedRevision").GetInt64();

    public static IReadOnlyList<JsonElement> Workloads(this JsonElement status) => status.GetProperty("workloads").EnumerateArray().ToList();

    public static JsonElement? Workload(this JsonElement status, string name) =>
        status.Workloads().Where(w => w.Str("name") == name).Select(w => (JsonElement?)w).FirstOrDefault();

    public static string Str(this JsonElement w, string property) =>
        w.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";

    public static int Restarts(this JsonElement w) => w.GetProperty("restarts").GetInt32();

    public static int? LastExitCode(this JsonElement w) =>
        w.TryGetProperty("lastExitCode", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null;

    /// <summary>The workload is Running and its health is one of <paramref name="health"/>.</summary>
    public static bool Is(this JsonElement status, string name, string phase, params string[] health) =>
        status.Workload(name) is { } w && w.Str("phase") == phase && (health.Length == 0 || health.Contains(w.Str("health")));

    /// <summary>Every listed workload Running with the expected health (name=health).</summary>
    public static bool AllRunning(this JsonElement status, IReadOnlyDictionary<string, string> healthByName) =>
        status.Workloads().Count == healthByName.Count && healthByName.All(kv => status.Is(kv.Key, "Running", kv.Value));

    public static string RuntimeId(this JsonElement status, string name) => status.Workload(name)?.Str("runtimeId") ?? "";
}
