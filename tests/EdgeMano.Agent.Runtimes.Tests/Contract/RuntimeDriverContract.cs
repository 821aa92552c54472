using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Tests.Contract;

/// <summary>
/// The behaviour every runtime driver must show, run against the real runtime. Each driver's test
/// class derives from this and says how to build its driver and its workload specs.
/// </summary>
public abstract class RuntimeDriverContract : IAsyncLifetime
{
    private readonly List<IWorkloadRuntime> _created = [];
    private readonly HashSet<string> _nodes = [];

    protected string NodeId { get; } = "node-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A new driver instance for <paramref name="nodeId"/> (a second call models an agent restart).</summary>
    protected abstract IWorkloadRuntime CreateDriver(string nodeId);

    /// <summary>A workload that keeps running until stopped.</summary>
    protected abstract WorkloadSpec LongRunning(string name, IReadOnlyDictionary<string, string>? env = null);

    /// <summary>A workload that exits by itself soon after start with <paramref name="exitCode"/>.</summary>
    protected abstract WorkloadSpec ExitsWith(string name, int exitCode);

    protected IWorkloadRuntime Driver(string? nodeId = null)
    {
        var node = nodeId ?? NodeId;
        var d = CreateDriver(node);
        _created.Add(d);
        _nodes.Add(node);
        return d;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Removes every instance of every node the test used, through a fresh driver per node
    /// (a test may have disposed its own drivers to model an agent restart).</summary>
    public virtual async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            var cleaner = CreateDriver(node);
            try
            {
                foreach (var i in await cleaner.ListAsync(CancellationToken.None))
                    await cleaner.RemoveAsync(i, TimeSpan.FromSeconds(1), CancellationToken.None);
            }
            catch (RuntimeException) { }
            finally { (cleaner as IDisposable)?.Dispose(); }
        }
        foreach (var d in _created) (d as IDisposable)?.Dispose();
    }

    protected static async Task<ObservedWorkload> WaitFor(IWorkloadRuntime driver, string name, Func<ObservedWorkload, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = (await driver.ListAsync(CancellationToken.None)).FirstOrDefault(i => i.Name == name && predicate(i));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} did not reach the expected state");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Create_StartsInstanceLabelledWithSpecHash()
    {
        var driver = Driver();
        var spec = LongRunning("web");
        var hash = SpecHash.Compute(spec);
        var created = await driver.CreateAsync(spec, hash, CancellationToken.None);
        var listed = await WaitFor(driver, "web", i => i.State == InstanceState.Running);
        Assert.Equal(created.RuntimeId, listed.RuntimeId);
        Assert.Equal(hash, listed.SpecHash);
        Assert.Equal(driver.Name, listed.Runtime);
    }

    [Fact]
    public async Task Remove_InstanceIsGone()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(LongRunning("gone"), "h1", CancellationToken.None);
        await driver.RemoveAsync(created, TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), i => i.Name == "gone");
    }

    [Fact]
    public async Task Exit_IsReportedWithExitCode_AndStartRunsItAgain()
    {
        var driver = Driver();
        await driver.CreateAsync(ExitsWith("crash", 3), "h1", CancellationToken.None);
        var exited = await WaitFor(driver, "crash", i => i.State == InstanceState.Exited);
        Assert.Equal(3, exited.ExitCode);
        Assert.NotNull(exited.FinishedAt);
        await driver.StartAsync(exited, CancellationToken.None);
        var again = await WaitFor(driver, "crash", i => i.State == InstanceState.Exited && i.FinishedAt > exited.FinishedAt);
        Assert.Equal(3, again.ExitCode);
    }

    [Fact]
    public async Task NewDriverInstance_AdoptsRunningInstances_WithSameIds()
    {
        var first = Driver();
        var a = await first.CreateAsync(LongRunning("a"), "ha", CancellationToken.None);
        var b = await first.CreateAsync(LongRunning("b"), "hb", CancellationToken.None);
        (first as IDisposable)?.Dispose();

        var second = Driver();
        var listed = await second.ListAsync(CancellationToken.None);
        Assert.Equal(a.RuntimeId, Assert.Single(listed, i => i.Name == "a").RuntimeId);
        Assert.Equal(b.RuntimeId, Assert.Single(listed, i => i.Name == "b").RuntimeId);
        Assert.All(listed, i => Assert.Equal(InstanceState.Running, i.State));
    }

    [Fact]
    public async Task InstancesOfAnotherNode_AreNeitherListedNorTouched()
    {
        var mine = Driver();
        var other = Driver("other-" + Guid.NewGuid().ToString("N")[..8]);
        var theirs = await other.CreateAsync(LongRunning("shared-name"), "h", CancellationToken.None);
        Assert.DoesNotContain(await mine.ListAsync(CancellationToken.None), i => i.RuntimeId == theirs.RuntimeId);
        Assert.Contains(await other.ListAsync(CancellationToken.None), i => i.RuntimeId == theirs.RuntimeId);
    }

    [Fact]
    public async Task Watch_ReportsExit()
    {
        var driver = Driver();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<RuntimeEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in driver.WatchAsync(cts.Token))
            {
                lock (events) events.Add(e);
                if (e.Name == "watched" && e.Kind == RuntimeEventKind.Exited) return;
            }
        });
        await Task.Delay(300);
        await driver.CreateAsync(ExitsWith("watched", 4), "h", CancellationToken.None);
        await watching.WaitAsync(TimeSpan.FromSeconds(25));
        lock (events) Assert.Contains(events, e => e.Name == "watched" && e.Kind == RuntimeEventKind.Exited);
    }

    [Fact]
    public async Task Exec_ReturnsCommandExitCode()
    {
        var driver = Driver();
        var created = await driver.CreateAsync(LongRunning("execme"), "h", CancellationToken.None);
        var running = await WaitFor(driver, "execme", i => i.State == InstanceState.Running);
        Assert.Equal(0, await driver.ExecAsync(running, ["true"], TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(1, await driver.ExecAsync(running, ["false"], TimeSpan.FromSeconds(10), CancellationToken.None));
        _ = created;
    }

    /// <summary>A probe that prints (cat of a health file) once made containerd's exec exit 1: its output had nowhere to go.</summary>
    [Fact]
    public async Task Exec_CommandThatPrints_ExitsZero()
    {
        var driver = Driver();
        await driver.CreateAsync(LongRunning("chatty-exec"), "h", CancellationToken.None);
        var running = await WaitFor(driver, "chatty-exec", i => i.State == InstanceState.Running);
        Assert.Equal(0, await driver.ExecAsync(running, ["sh", "-c", "echo out; echo err >&2; seq 1 20000"], TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task Env_IsPassedToTheInstance()
    {
        var driver = Driver();
        await driver.CreateAsync(LongRunning("envy", new Dictionary<string, string> { ["GREETING"] = "hello" }), "h", CancellationToken.None);
        var running = await WaitFor(driver, "envy", i => i.State == InstanceState.Running);
        Assert.Equal(0, await driver.ExecAsync(running, ["sh", "-c", "test \"$GREETING\" = hello"], TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task Watch_Cancelled_EndsWithoutError()
    {
        using var cts = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in Driver().WatchAsync(cts.Token)) { }
        });
        await Task.Delay(300);

        await cts.CancelAsync();

        await watching.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>GETs <paramref name="url"/> until it answers (a server in a new instance takes a moment), up to 15 s.</summary>
    protected static async Task<string> GetWithRetryAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
