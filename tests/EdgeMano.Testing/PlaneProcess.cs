using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace EdgeMano.Testing;

/// <summary>
/// One real control plane (edgemano-plane) for a test: its own state dir and free ports, the
/// embedded broker unless <c>--broker</c> is given. Stopped by the PID this process started
/// (SIGTERM); <see cref="RestartAsync"/> brings it back on the same ports with the same state.
/// </summary>
public sealed class PlaneProcess : IAsyncDisposable
{
    private readonly TempDir _dir = new("edgemano-plane-");
    private readonly StringBuilder _log = new();
    private readonly string[] _extraArgs;
    private Process? _process;

    private readonly string _listen;

    private PlaneProcess(string listen, string[] extraArgs)
    {
        _listen = listen;
        _extraArgs = extraArgs;
        HttpPort = FreePort.Get();
        MqttPort = FreePort.Get();
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int HttpPort { get; }
    public int MqttPort { get; }
    public string Url => $"http://127.0.0.1:{HttpPort}";
    /// <summary>The embedded broker, as an agent's --broker takes it.</summary>
    public string BrokerUrl => $"mqtt://127.0.0.1:{MqttPort}";

    /// <summary>The embedded broker as seen from another address of this host (e.g. a veth link's host side).</summary>
    public string BrokerUrlVia(string address) => $"mqtt://{address}:{MqttPort}";
    public string StateDir => _dir.Combine("state");
    public HttpClient Http { get; }
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts a plane and waits until it answers /healthz (200, or 503 while its broker is away).</summary>
    public static Task<PlaneProcess> StartAsync(params string[] extraArgs) => StartListeningAsync("127.0.0.1", extraArgs);

    /// <summary>Starts a plane bound to <paramref name="listen"/> (e.g. 0.0.0.0 for nodes behind a veth link).</summary>
    public static async Task<PlaneProcess> StartListeningAsync(string listen, params string[] extraArgs)
    {
        var plane = new PlaneProcess(listen, extraArgs);
        await plane.StartProcessAsync();
        return plane;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } p) return;
        Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(true); throw new TimeoutException("plane did not stop within 20 s after SIGTERM\n" + Log); }
    }

    /// <summary>SIGKILL: the plane dies mid-flight.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } p) return;
        Process.Start("kill", ["-KILL", p.Id.ToString()])!.WaitForExit();
        await p.WaitForExitAsync();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>PUTs a deployment (YAML) and returns the status code and body.</summary>
    public async Task<(int Status, JsonElement Body)> PutDeploymentAsync(string name, string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await Http.PutAsync($"/api/v1/deployments/{name}", content);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    public async Task<int> DeleteDeploymentAsync(string name)
    {
        using var response = await Http.DeleteAsync($"/api/v1/deployments/{name}");
        return (int)response.StatusCode;
    }

    /// <summary>Polls GET /api/v1/nodes/{id} until <paramref name="predicate"/> holds.</summary>
    public async Task<JsonElement> WaitForNodeAsync(string nodeId, Func<JsonElement, bool> predicate, TimeSpan? timeout = null, string what = "node state")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync($"/api/v1/nodes/{nodeId}");
                if (response.IsSuccessStatusCode)
                {
                    last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                    if (predicate(last)) return last;
                }
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"timed out waiting for {what} of node {nodeId}; last: {last}\nplane log:\n{Log}");
    }

    private async Task StartProcessAsync()
    {
        var psi = new ProcessStartInfo(RepoPaths.PlaneBinary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--state-dir", StateDir, "--http-port", HttpPort.ToString(), "--mqtt-port", MqttPort.ToString(), "--listen", _listen, .. _extraArgs])
            psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGEMANO_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        psi.Environment["EDGEMANO_CONFIG"] = _dir.Combine("plane.yaml");
        if (!File.Exists(psi.Environment["EDGEMANO_CONFIG"])) File.WriteAllText(psi.Environment["EDGEMANO_CONFIG"]!, "# test plane\n");
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (p.HasExited) throw new InvalidOperationException($"edgemano-plane exited with {p.ExitCode} at start:\n{Log}");
            try
            {
                // Any answer means the plane serves; 503 only says its broker is not reachable (yet).
                using var response = await Http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("edgemano-plane did not answer /healthz within 30 s:\n" + Log);
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (TimeoutException) { }
        Http.Dispose();
        _dir.Dispose();
    }
}
