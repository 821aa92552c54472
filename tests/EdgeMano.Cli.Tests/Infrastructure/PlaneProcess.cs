using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using EdgeMano.Testing;

namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>
/// A real `edgemano-plane` started as a child process on free ports with a fresh state directory
/// (embedded broker), bound to loopback only, ready once /healthz answers; stopped with SIGTERM by its PID.
/// </summary>
public sealed class PlaneProcess : IAsyncDisposable
{
    public const string BinaryVariable = "EDGEMANO_PLANE_BINARY";

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly TempDir _stateDir;

    private PlaneProcess(Process process, StringBuilder log, TempDir stateDir, string url, int mqttPort)
    {
        _process = process;
        _log = log;
        _stateDir = stateDir;
        Url = url;
        MqttPort = mqttPort;
    }

    /// <summary>REST base URL, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; }

    /// <summary>Port of the plane's embedded MQTT broker (loopback).</summary>
    public int MqttPort { get; }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public static async Task<PlaneProcess> StartAsync()
    {
        var binary = Binary;
        var stateDir = new TempDir("edgemano-cli-plane-");
        var httpPort = FreePort.Get();
        var mqttPort = FreePort.Get();
        while (mqttPort == httpPort) mqttPort = FreePort.Get();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--listen", "127.0.0.1", "--state-dir", stateDir.Combine("state"), "--http-port", Port(httpPort), "--mqtt-port", Port(mqttPort) })
            psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGEMANO_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);

        var log = new StringBuilder();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var plane = new PlaneProcess(process, log, stateDir, $"http://127.0.0.1:{Port(httpPort)}", mqttPort);
        try
        {
            await plane.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
        return plane;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"edgemano-plane exited with {_process.ExitCode} before it was healthy:\n{Log}");
            try
            {
                using var answer = await http.GetAsync(Url + "/healthz");
                if (answer.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"edgemano-plane at {Url} was not healthy within {timeout.TotalSeconds:0} s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM to the one process this fixture started, by PID; then wait for a clean stop.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }
        _process.Dispose();
        _stateDir.Dispose();
    }

    /// <summary>
    /// The plane executable: $EDGEMANO_PLANE_BINARY, else the build output of
    /// control-plane/EdgeMano.Plane.Host in this test run's configuration (built by a solution
    /// build, e.g. tests/run.sh; by hand: dotnet build control-plane/EdgeMano.Plane.Host).
    /// </summary>
    public static string Binary
    {
        get
        {
            if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } fromEnv)
                return File.Exists(fromEnv) ? fromEnv : throw new InvalidOperationException($"{BinaryVariable}={fromEnv} does not exist");
            var configuration = typeof(PlaneProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var candidate = Path.Combine(RepoRoot, "control-plane", "EdgeMano.Plane.Host", "bin", configuration, "net10.0", "edgemano-plane");
            if (File.Exists(candidate)) return candidate;
            throw new InvalidOperationException(
                $"edgemano-plane not found at {candidate}: run `dotnet build control-plane/EdgeMano.Plane.Host -c {configuration}` or set {BinaryVariable}");
        }
    }

    internal static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EdgeMano.sln"))) return dir.FullName;
            throw new InvalidOperationException("cannot find the repository root (EdgeMano.sln) above " + AppContext.BaseDirectory);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One plane for all tests of a class (each test uses its own deployment names).</summary>
public sealed class PlaneFixture : IAsyncLifetime
{
    private PlaneProcess? _plane;

    public PlaneProcess Plane => _plane ?? throw new InvalidOperationException("the plane did not start");

    public async Task InitializeAsync() => _plane = await PlaneProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_plane is not null) await _plane.DisposeAsync();
    }
}
