using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests;

public sealed class WatchTests : DriverTestBase
{
    [Fact]
    public async Task List_StartsWithListThenWatchFromItsResourceVersion_WithTheNodeSelector()
    {
        var driver = Driver();
        await driver.ListAsync(CancellationToken.None);
        await Eventually(() => Task.FromResult(Api.Store.OpenWatches == 3 ? "" : null), "three watches");

        foreach (var collection in new[] { Deployments, StatefulSets, Pods })
        {
            var list = Assert.Single(Api.Requests, r => r.Method == "GET" && r.Path == collection && r.QueryValue("watch") is null);
            Assert.Equal("app.kubernetes.io/managed-by=edgemano,edgemano.node=node-a", list.QueryValue("labelSelector"));
            var watch = Assert.Single(Api.Requests, r => r.Method == "GET" && r.Path == collection && r.QueryValue("watch") == "true");
            Assert.Equal(list.QueryValue("labelSelector"), watch.QueryValue("labelSelector"));
            Assert.Equal("true", watch.QueryValue("allowWatchBookmarks"));
            Assert.NotNull(watch.QueryValue("resourceVersion"));
        }
    }

    [Fact]
    public async Task DeploymentBecomesAvailable_ListReportsRunning_AndWatchSaysStarted()
    {
        var driver = Driver();
        await using var events = new EventLog(driver);
        var created = await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        Assert.NotEqual(InstanceState.Running, created.State);

        StartPod("web");
        SetDeploymentStatus("web", "deployment-status-available.json");

        // Deployments and pods come on separate watches: the deployment can be seen available before
        // its pod is, and StartedAt is then the creation time until the pod arrives.
        var podStarted = new DateTimeOffset(2025, 3, 14, 9, 26, 54, TimeSpan.Zero);
        var running = await WaitForState(driver, "web", InstanceState.Running, w => w.StartedAt == podStarted);
        Assert.Equal(created.RuntimeId, running.RuntimeId);
        Assert.Equal(podStarted, running.StartedAt);
        await events.WaitFor(e => e.Name == "web" && e.Kind == RuntimeEventKind.Started && e.RuntimeId == created.RuntimeId, "Started");
        var requestsAfterCreate = Api.Requests.Count(r => r.Method == "GET" && r.QueryValue("watch") is null && r.Path == Deployments);
        Assert.Equal(1, requestsAfterCreate); // observed through the watch, not by polling
    }

    [Fact]
    public async Task CrashLoopingPod_IsExitedWithExitCodeAndRestarts_AndWatchSaysExited()
    {
        var driver = Driver();
        await using var events = new EventLog(driver);
        var created = await driver.CreateAsync(Spec("crash"), "h1", CancellationToken.None);
        StartPod("crash");
        SetDeploymentStatus("crash", "deployment-status-available.json");
        await WaitForState(driver, "crash", InstanceState.Running);

        // The container exits with 3; the kubelet backs off restarting it; availability drops.
        StartPod("crash", "pod-crashloop.json");
        SetDeploymentStatus("crash", "deployment-status-unavailable.json");

        var exited = await WaitForState(driver, "crash", InstanceState.Exited);
        Assert.Equal(3, exited.ExitCode);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 31, 10, TimeSpan.Zero), exited.FinishedAt);
        var detail = Assert.Single(await driver.ListDetailedAsync(CancellationToken.None), s => s.Workload.Name == "crash");
        Assert.Equal(3, detail.RestartCount);
        Assert.StartsWith("CrashLoopBackOff: back-off 40s", detail.Waiting);
        var exit = await events.WaitFor(e => e.Name == "crash" && e.Kind == RuntimeEventKind.Exited, "Exited");
        Assert.Equal(3, exit.ExitCode);
        Assert.Equal(created.RuntimeId, exit.RuntimeId);
    }

    [Fact]
    public async Task WatchClosedByServer_IsResumedFromLastResourceVersion_AndSeesLaterChanges()
    {
        var driver = Driver();
        await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        await Eventually(async () => (await driver.ListAsync(CancellationToken.None)).FirstOrDefault(), "web listed");
        await Eventually(() => Task.FromResult(Api.Store.OpenWatches == 3 ? "" : null), "three watches");
        var lastSeen = Api.Store.ResourceVersion;

        Api.EndWatches();
        await Eventually(() => Task.FromResult(Api.Store.OpenWatches == 3 ? "" : null), "watches reopened");
        StartPod("web");
        SetDeploymentStatus("web", "deployment-status-available.json");

        await WaitForState(driver, "web", InstanceState.Running);
        var rewatch = Api.Requests.Last(r => r.Path == Deployments && r.QueryValue("watch") == "true");
        Assert.True(long.Parse(rewatch.QueryValue("resourceVersion")!) >= lastSeen - 10, "resumed near the last version, not from scratch");
        Assert.Single(Api.Requests, r => r.Path == Deployments && r.QueryValue("watch") is null); // no relist
    }

    [Fact]
    public async Task WatchConnectionReset_IsResumed_AndSeesLaterChanges()
    {
        var driver = Driver();
        await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        await Eventually(() => Task.FromResult(Api.Store.OpenWatches == 3 ? "" : null), "three watches");

        Api.AbortWatches();
        StartPod("web");
        SetDeploymentStatus("web", "deployment-status-available.json");

        await WaitForState(driver, "web", InstanceState.Running);
    }

    [Fact]
    public async Task ResourceVersionCompactedDuringAGap_410Gone_RelistsAndReportsWhatChanged()
    {
        var driver = Driver();
        await using var events = new EventLog(driver);
        var gone = await driver.CreateAsync(Spec("gone"), "h1", CancellationToken.None);
        await driver.CreateAsync(Spec("stays"), "h2", CancellationToken.None);
        await Eventually(async () => (await driver.ListAsync(CancellationToken.None)).Count == 2 ? "" : null, "both listed");

        // The driver loses its watches; meanwhile one workload is deleted, one becomes available,
        // and the server compacts its history past the driver's resourceVersion.
        Api.RejectWatches = true;
        Api.EndWatches();
        Api.Store.Delete(Deployments, ObjectName("gone"));
        StartPod("stays");
        SetDeploymentStatus("stays", "deployment-status-available.json");
        Api.Store.Compact();
        await Task.Delay(300);
        Api.RejectWatches = false;

        await WaitForState(driver, "stays", InstanceState.Running);
        Assert.DoesNotContain(await driver.ListAsync(CancellationToken.None), w => w.Name == "gone");
        await events.WaitFor(e => e.RuntimeId == gone.RuntimeId && e.Kind == RuntimeEventKind.Removed, "Removed after relist");
        Assert.True(Api.Requests.Count(r => r.Path == Deployments && r.QueryValue("watch") is null) >= 2, "listed again after 410");
    }

    [Fact]
    public async Task WatchFailing_ListThrows_ThenRecovers()
    {
        var driver = Driver();
        await driver.CreateAsync(Spec("web"), "h1", CancellationToken.None);
        await Eventually(() => Task.FromResult(Api.Store.OpenWatches == 3 ? "" : null), "three watches");

        Api.RejectWatches = true;
        Api.EndWatches();
        var error = await Eventually(async () =>
        {
            try { await driver.ListAsync(CancellationToken.None); return null; }
            catch (RuntimeException e) { return e; }
        }, "list to refuse while blind");
        Assert.Contains("503", error.Message);

        Api.RejectWatches = false;
        await WaitForState(driver, "web", InstanceState.Unknown);
    }

    [Fact]
    public async Task NewDriverInstance_AdoptsWorkloadsWithTheSameIds()
    {
        var first = Driver();
        var a = await first.CreateAsync(Spec("a"), "ha", CancellationToken.None);
        var b = await first.CreateAsync(Spec("b"), "hb", CancellationToken.None);
        first.Dispose();

        var second = Driver();
        var listed = await second.ListAsync(CancellationToken.None);
        Assert.Equal(a.RuntimeId, Assert.Single(listed, w => w.Name == "a").RuntimeId);
        Assert.Equal("hb", Assert.Single(listed, w => w.Name == "b").SpecHash);
    }

    [Fact]
    public async Task WorkloadsOfAnotherNode_AreNeitherListedNorTouched()
    {
        var mine = Driver();
        var theirs = Driver("node-b");
        var other = await theirs.CreateAsync(Spec("shared"), "h", CancellationToken.None);

        Assert.DoesNotContain(await mine.ListAsync(CancellationToken.None), w => w.RuntimeId == other.RuntimeId);
        Assert.Contains(await theirs.ListAsync(CancellationToken.None), w => w.RuntimeId == other.RuntimeId);
        await mine.CreateAsync(Spec("shared"), "h", CancellationToken.None);
        Assert.NotNull(Api.Store.Get(Deployments, "em-node-b-shared"));
        Assert.NotNull(Api.Store.Get(Deployments, "em-node-a-shared"));
    }
}
