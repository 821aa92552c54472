using System.Globalization;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// The namespace is "Processes", not "Process" like the folder: a namespace named Process would
// shadow System.Diagnostics.Process for every file under EdgeMano.Agent.Runtimes.* (and its tests).
namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>
/// Runs bare-metal workloads as supervised host processes that outlive the agent. Each instance
/// has a marker file (PID + kernel start time + spec) through which a restarted agent adopts it
/// with the same PID; a process whose PID and start time do not both match is never touched.
/// Disposing stops the background checks but leaves every workload process running.
/// </summary>
public sealed partial class ProcessRuntime : IWorkloadRuntime, IDisposable
{
    public const string RuntimeName = "process";

    private readonly ProcessRuntimeOptions _options;
    private readonly ProcessMarkerStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    /// <summary>Serialises every read-modify-write of markers, so one exit is recorded once.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);
    /// <summary>Children this instance spawned, by workload name; only these have a known exit code.</summary>
    private readonly Dictionary<string, SpawnedChild> _children = new(StringComparer.Ordinal);
    private readonly HashSet<string> _adoptionLogged = new(StringComparer.Ordinal);
    private readonly ProcessEventHub _events = new();
    private readonly CancellationTokenSource _stopping = new();
    /// <summary>Reused by every scan of the markers (under the gate), so the twice-a-second check allocates nothing.</summary>
    private readonly List<ProcessMarker> _scanned = [];
    private readonly List<string> _polledNames = [];
    private readonly Action<string, string> _onUnreadableMarker;
    private readonly Lock _logGate = new();
    private Dictionary<string, FileInfo> _logFiles = new(StringComparer.Ordinal);
    private Dictionary<string, FileInfo> _logFilesNext = new(StringComparer.Ordinal);
    private readonly Task _background;
    private int _disposed;

    public ProcessRuntime(ProcessRuntimeOptions options, ILogger<ProcessRuntime>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LogMaxBytes <= 0) throw new ArgumentOutOfRangeException(nameof(options), "LogMaxBytes must be positive");
        if (options.LogKeepFiles < 0) throw new ArgumentOutOfRangeException(nameof(options), "LogKeepFiles cannot be negative");
        if (options.ExitPollInterval <= TimeSpan.Zero || options.LogCheckInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "ExitPollInterval and LogCheckInterval must be positive");
        _options = options;
        _store = new ProcessMarkerStore(options.StateDirectory, options.NodeId);
        _logger = logger ?? NullLogger<ProcessRuntime>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _onUnreadableMarker = (path, reason) => ProcessRuntimeLog.MarkerUnreadable(_logger, path, reason);
        _background = Task.Run(() => RunBackgroundAsync(_stopping.Token));
    }

    public string Name => RuntimeName;

    public bool Handles(WorkloadKind kind) => kind == WorkloadKind.Process;

    /// <summary>Where the workload's stdout and stderr go (rotated copies beside it as .1, .2, ...).</summary>
    public string LogPath(string workloadName) => _store.LogPath(workloadName);

    public async Task<IReadOnlyList<ObservedWorkload>> ListAsync(CancellationToken cancellationToken)
    {
        var observed = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        RotateLogs(observed, static o => o.Name);
        return observed;
    }

    public async Task<ObservedWorkload> CreateAsync(WorkloadSpec spec, string specHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Handles(spec.Kind)) throw new RuntimeException($"process: workload '{spec.Name}' is of kind {spec.Kind}; this driver runs only Process workloads");
        var template = BuildMarker(spec, specHash);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_store.Read(spec.Name) is { } existing && CheckLocked(ref existing) == InstanceState.Running)
                throw new RuntimeException($"process: workload '{spec.Name}' already runs as pid {existing.Pid} on node {_options.NodeId}; remove it first");
            return SpawnLocked(template);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StartAsync(ObservedWorkload instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var marker = _store.Read(instance.Name)
                ?? throw new RuntimeException($"process: no workload '{instance.Name}' on node {_options.NodeId} to start (marker {_store.MarkerPath(instance.Name)} is missing)");
            var current = marker;
            if (CheckLocked(ref current) == InstanceState.Running) return; // already running: nothing to do
            // The executable may have been removed since; say so plainly instead of letting sh fail.
            ProcessLauncher.ResolveExecutable(marker.Argv[0], searchPath: "", marker.WorkingDir);
            SpawnLocked(marker);
        }
        finally
        {
            _gate.Release();
        }
    }

    public IAsyncEnumerable<RuntimeEvent> WatchAsync(CancellationToken cancellationToken) => _events.Subscribe(cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        try
        {
            _background.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { } // already logged by the loop
        _gate.Wait();
        try
        {
            // Forget the children: from now on they are treated like processes of a previous agent.
            _children.Clear();
        }
        finally
        {
            _gate.Release();
        }
        _events.Complete();
    }

    private ProcessMarker BuildMarker(WorkloadSpec spec, string specHash)
    {
        var argv = spec.Command.Concat(spec.Args).ToList();
        if (spec.Command.Count == 0 && spec.Image.Length > 0) argv.Insert(0, spec.Image); // a process "image" is its executable
        if (argv.Count == 0) throw new RuntimeException($"process: workload '{spec.Name}' has no command (set command or image)");

        var workingDir = Path.GetFullPath(spec.WorkingDir.Length == 0 ? "/" : spec.WorkingDir, "/");
        if (!Directory.Exists(workingDir)) throw new RuntimeException($"process: working directory '{workingDir}' of workload '{spec.Name}' does not exist");
        var env = spec.Env.ToDictionary(StringComparer.Ordinal);
        var searchPath = env.TryGetValue("PATH", out var p) ? p : ProcessLauncher.BaseEnvironment()["PATH"];
        argv[0] = ProcessLauncher.ResolveExecutable(argv[0], searchPath, workingDir);

        return new ProcessMarker
        {
            Name = spec.Name,
            Node = _options.NodeId,
            SpecHash = specHash,
            Pid = 0,
            StartTicks = 0,
            StartedAt = _time.GetUtcNow(),
            Argv = [.. argv],
            Env = env,
            WorkingDir = workingDir,
        };
    }

    private ObservedWorkload SpawnLocked(ProcessMarker template)
    {
        _store.EnsureDirectory();
        var logPath = _store.LogPath(template.Name);
        var child = ProcessLauncher.Spawn(template, _options.NodeId, logPath);
        var marker = template with
        {
            Pid = child.Pid,
            StartTicks = child.StartTicks,
            StartedAt = _time.GetUtcNow(),
            FinishedAt = null,
            ExitCode = null,
        };
        try
        {
            _store.Write(marker);
        }
        catch (RuntimeException)
        {
            // Without a marker nobody could ever find or stop it again: do not leave it behind.
            if (!Libc.SignalGroup(child.Pid, Libc.SIGKILL)) child.Handle.Kill();
            throw;
        }
        child.Release(); // only now, with the marker on disk, may the workload start
        _children[marker.Name] = child;
        _adoptionLogged.Add(marker.Name);
        _ = WatchChildAsync(marker.Name, child);
        ProcessRuntimeLog.Started(_logger, marker.Name, marker.Pid, marker.Argv[0], logPath);
        _events.Publish(new RuntimeEvent(marker.Name, RuntimeIdOf(marker), RuntimeEventKind.Started));
        return ToObserved(marker, InstanceState.Running);
    }

    private static string RuntimeIdOf(ProcessMarker marker) => marker.Pid.ToString(CultureInfo.InvariantCulture);

    private ObservedWorkload ToObserved(ProcessMarker marker, InstanceState state) => new()
    {
        Name = marker.Name,
        RuntimeId = RuntimeIdOf(marker),
        Runtime = Name,
        SpecHash = marker.SpecHash,
        State = state,
        ExitCode = state == InstanceState.Exited ? marker.ExitCode : null,
        StartedAt = marker.StartedAt,
        FinishedAt = state == InstanceState.Exited ? marker.FinishedAt : null,
    };
}
