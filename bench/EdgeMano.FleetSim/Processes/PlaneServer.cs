using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace EdgeMano.FleetSim.Processes;

/// <summary>A node as GET /api/v1/nodes shows it: only what the bench reads.</summary>
internal sealed record PlaneNode(string Id, bool InSync, long DesiredRevision, long ObservedRevision, string Presence, DateTimeOffset? LastSeen);

/// <summary>
/// The real edgemano-plane, started by this simulator on free loopback ports with a fresh state dir,
/// and the few REST calls the bench makes (docs/api.md).
/// </summary>
internal sealed class PlaneServer : IAsyncDisposable
{
    private readonly HttpClient _http;

    private PlaneServer(ChildProcess process, int httpPort, int mqttPort)
    {
        Process = process;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(120) };
    }

    public ChildProcess Process { get; }

    public int HttpPort { get; }

    /// <summary>The embedded broker's port (unused with an external broker).</summary>
    public int MqttPort { get; }

    public static async Task<PlaneServer> StartAsync(string executable, string workDir, string tag, int? externalBrokerPort, string logLevel, IReadOnlyDictionary<string, string> env, string? pidFile)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (http, mqtt) = (FreePort.Get(), FreePort.Get());
            var stateDir = Path.Combine(workDir, $"plane-{tag}-{attempt}");
            Directory.CreateDirectory(stateDir);
            List<string> args = ["--state-dir", stateDir, "--http-port", $"{http}", "--mqtt-port", $"{mqtt}", "--listen", "127.0.0.1", "--log-level", logLevel];
            if (externalBrokerPort is { } b) args.AddRange(["--broker", $"mqtt://127.0.0.1:{b}"]);
            var process = ChildProcess.Start($"plane ({tag})", executable, args, Path.Combine(workDir, $"plane-{tag}.log"), pidFile, env);
            var plane = new PlaneServer(process, http, mqtt);
            if (await plane.WaitHealthyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false)) return plane;
            var log = process.Tail();
            await plane.DisposeAsync().ConfigureAwait(false);
            if (attempt >= 3 || !log.Contains("cannot listen", StringComparison.Ordinal))
                throw new InvalidOperationException($"edgemano-plane did not answer /healthz within 60 s; {process.LogPath}:\n{log}");
        }
    }

    /// <summary>PUT /api/v1/deployments/{name} with a YAML body; throws with the plane's answer unless 200/201.</summary>
    public async Task PutDeploymentAsync(string name, string yaml, CancellationToken ct)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await _http.PutAsync($"/api/v1/deployments/{name}", content, ct).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
            throw new InvalidOperationException($"PUT /api/v1/deployments/{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
    }

    /// <summary>GET /metrics as name -> value (the plane's gauges and counters); null when the plane did not answer within 10 s.</summary>
    public async Task<Dictionary<string, long>?> MetricsAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        string text;
        try
        {
            text = await _http.GetStringAsync("/metrics", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is TaskCanceledException or HttpRequestException)
        {
            return null;
        }
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            if (space > 0 && long.TryParse(line.AsSpan(space + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                values[line[..space]] = v;
        }
        return values;
    }

    /// <summary>GET /api/v1/nodes?selector=k=v; null when the plane did not answer in 3 tries of up to 120 s.</summary>
    public async Task<List<PlaneNode>?> NodesAsync(string selector, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadNodesAsync(selector, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
            {
                Console.Error.WriteLine($"[fleetsim] GET /api/v1/nodes failed (try {attempt} of 3): {ex.Message}");
                if (attempt >= 3) return null;
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<List<PlaneNode>> ReadNodesAsync(string selector, CancellationToken ct)
    {
        await using var stream = await _http.GetStreamAsync($"/api/v1/nodes?selector={Uri.EscapeDataString(selector)}", ct).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        var nodes = new List<PlaneNode>();
        foreach (var n in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            var lastSeen = n.GetProperty("lastSeen");
            nodes.Add(new PlaneNode(
                n.GetProperty("id").GetString()!,
                n.GetProperty("inSync").GetBoolean(),
                n.GetProperty("desiredRevision").GetInt64(),
                n.GetProperty("observedRevision").GetInt64(),
                n.GetProperty("presence").GetString() ?? "",
                lastSeen.ValueKind == JsonValueKind.Null ? null : lastSeen.GetDateTimeOffset()));
        }
        return nodes;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<bool> WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !Process.HasExited)
        {
            try
            {
                using var response = await _http.GetAsync("/healthz").ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        return false;
    }
}
