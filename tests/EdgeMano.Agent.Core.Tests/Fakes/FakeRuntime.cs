using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Core.Tests.Fakes;

/// <summary>
/// An in-memory runtime driver. Instances change state only through the port, through the test
/// (<see cref="Add"/>, <see cref="ExitNow"/>) or at scheduled times of the injected clock, so a test
/// with a FakeTimeProvider decides exactly when an instance exits.
/// </summary>
internal sealed class FakeRuntime : IWorkloadRuntime
{
    private readonly TimeProvider _time;
    private readonly HashSet<WorkloadKind> _kinds;
    private readonly Lock _gate = new();
    private readonly List<Entry> _instances = [];
    private readonly List<Channel<RuntimeEvent>> _watchers = [];
    private readonly List<ITimer> _timers = [];
    private readonly Dictionary<string, (TimeSpan After, int? Code)> _crashAfterStart = new(StringComparer.Ordinal);
    private readonly Queue<string> _createFailures = new();
    private readonly Queue<string> _listFailures = new();
    private string? _failEveryCreate;
    private int _nextId;
    private int _activity;

    private sealed class Entry(ObservedWorkload current)
    {
        public ObservedWorkload Current = current;
        public (DateTimeOffset At, int? Code)? PendingExit;
    }

    public FakeRuntime(string name, TimeProvider time, params WorkloadKind[] kinds)
    {
        Name = name;
        _time = time;
        _kinds = [.. kinds];
    }

    public string Name { get; }

    public int CreateCalls { get; private set; }
    public int StartCalls { get; private set; }
    public int RemoveCalls { get; private set; }
    public int ListCalls { get; private set; }

    /// <summary>Grows with every call into the fake; a test waits for it to stop moving.</summary>
    public int Activity => Volatile.Read(ref _activity);

    public int Watchers { get { lock (_gate) return _watchers.Count; } }

    /// <summary>Every instance, with scheduled exits that are due applied.</summary>
    public IReadOnlyList<ObservedWorkload> Instances
    {
        get { lock (_gate) { ApplyDueExits(); return _instances.Select(e => e.Current).ToList(); } }
    }

    public bool Handles(WorkloadKind kind) => _kinds.Contains(kind);

    /// <summary>Puts an instance in place without any event, as if it existed before the agent started.</summary>
    public ObservedWorkload Add(string name, string specHash, InstanceState state = InstanceState.Running,
        int? exitCode = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var o = new ObservedWorkload
            {
                Name = name, RuntimeId = NewId(), Runtime = Name, SpecHash = specHash, State = state,
                ExitCode = state == InstanceState.Exited ? exitCode : null,
                StartedAt = state == InstanceState.Created ? null : startedAt ?? now,
                FinishedAt = state == InstanceState.Exited ? finishedAt ?? now : null,
            };
            _instances.Add(new Entry(o));
            return o;
        }
    }

    /// <summary>Every later create or start of <paramref name="name"/> exits by itself after <paramref name="after"/>.</summary>
    public void CrashAfterStart(string name, TimeSpan after, int? exitCode)
    {
        lock (_gate) _crashAfterStart[name] = (after, exitCode);
    }

    /// <summary>The running instance exits at <paramref name="at"/> (clock time) and an Exited event is emitted.</summary>
    public void ScheduleExit(string runtimeId, int? exitCode, DateTimeOffset at)
    {
        lock (_gate) ScheduleExitLocked(Find(runtimeId)!, exitCode, at);
    }

    public void ExitNow(string runtimeId, int? exitCode) => ScheduleExit(runtimeId, exitCode, _time.GetUtcNow());

    public void FailNextCreate(string message, int times = 1)
    {
        lock (_gate) for (var i = 0; i < times; i++) _createFailures.Enqueue(message);
    }

    public void FailEveryCreate(string? message)
    {
        lock (_gate) _failEveryCreate = message;
    }

    public void FailNextList(string message, int times = 1)
    {
        lock (_gate) for (var i = 0; i < times; i++) _listFailures.Enqueue(message);
    }

    /// <summary>Sends an event to every watcher, as a driver does for a change it noticed.</summary>
    public void Emit(RuntimeEvent e)
    {
        lock (_gate) EmitLocked(e);
    }

    public Task<IReadOnlyList<ObservedWorkload>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Touch();
            ListCalls++;
            if (_listFailures.TryDequeue(out var error)) throw new RuntimeException(error);
            ApplyDueExits();
            return Task.FromResult<IReadOnlyList<ObservedWorkload>>(_instances.Select(e => e.Current).ToList());
        }
    }

    public Task<ObservedWorkload> CreateAsync(WorkloadSpec spec, string specHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Touch();
            CreateCalls++;
            if (_createFailures.TryDequeue(out var error) || (error = _failEveryCreate) is not null)
                throw new RuntimeException(error);
            var now = _time.GetUtcNow();
            var entry = new Entry(new ObservedWorkload
            {
                Name = spec.Name, RuntimeId = NewId(), Runtime = Name, SpecHash = specHash,
                State = InstanceState.Running, StartedAt = now,
            });
            _instances.Add(entry);
            EmitLocked(new RuntimeEvent(spec.Name, entry.Current.RuntimeId, RuntimeEventKind.Started));
            ScheduleCrashLocked(entry, now);
            return Task.FromResult(entry.Current);
        }
    }

    public Task StartAsync(ObservedWorkload instance, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Touch();
            StartCalls++;
            var entry = Find(instance.RuntimeId) ?? throw new RuntimeException($"{Name}: no instance {instance.RuntimeId} to start");
            var now = _time.GetUtcNow();
            // Like Docker, the previous run's finish time stays until the next exit.
            entry.Current = entry.Current with { State = InstanceState.Running, StartedAt = now, ExitCode = null };
            entry.PendingExit = null;
            EmitLocked(new RuntimeEvent(instance.Name, instance.RuntimeId, RuntimeEventKind.Started));
            ScheduleCrashLocked(entry, now);
            return Task.CompletedTask;
        }
    }

    public Task RemoveAsync(ObservedWorkload instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Touch();
            RemoveCalls++;
            // Removing what is already gone succeeds, as real drivers treat "not found".
            if (_instances.RemoveAll(e => e.Current.RuntimeId == instance.RuntimeId) > 0)
                EmitLocked(new RuntimeEvent(instance.Name, instance.RuntimeId, RuntimeEventKind.Removed));
            return Task.CompletedTask;
        }
    }

    public Task<int> ExecAsync(ObservedWorkload instance, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(0);

    public async IAsyncEnumerable<RuntimeEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<RuntimeEvent>();
        lock (_gate) _watchers.Add(channel);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return e;
        }
        finally
        {
            lock (_gate) _watchers.Remove(channel);
        }
    }

    private Entry? Find(string runtimeId) => _instances.FirstOrDefault(e => e.Current.RuntimeId == runtimeId);

    private string NewId() => $"{Name}-{++_nextId:D4}";

    private void Touch() => Interlocked.Increment(ref _activity);

    private void ScheduleCrashLocked(Entry entry, DateTimeOffset startedAt)
    {
        if (_crashAfterStart.TryGetValue(entry.Current.Name, out var crash))
            ScheduleExitLocked(entry, crash.Code, startedAt + crash.After);
    }

    private void ScheduleExitLocked(Entry entry, int? exitCode, DateTimeOffset at)
    {
        entry.PendingExit = (at, exitCode);
        var due = at - _time.GetUtcNow();
        if (due <= TimeSpan.Zero) { ApplyDueExits(); return; }
        _timers.Add(_time.CreateTimer(_ => { lock (_gate) ApplyDueExits(); }, null, due, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Turns every due scheduled exit into an Exited instance, finished at the scheduled time.</summary>
    private void ApplyDueExits()
    {
        var now = _time.GetUtcNow();
        foreach (var entry in _instances)
        {
            if (entry.PendingExit is not { } exit || exit.At > now) continue;
            entry.PendingExit = null;
            if (entry.Current.State != InstanceState.Running) continue;
            entry.Current = entry.Current with { State = InstanceState.Exited, ExitCode = exit.Code, FinishedAt = exit.At };
            EmitLocked(new RuntimeEvent(entry.Current.Name, entry.Current.RuntimeId, RuntimeEventKind.Exited, exit.Code));
        }
    }

    private void EmitLocked(RuntimeEvent e)
    {
        Touch();
        foreach (var w in _watchers) w.Writer.TryWrite(e);
    }
}
