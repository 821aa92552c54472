using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests;

/// <summary>A fresh fake API server per test, drivers pointed at it through a real kubeconfig file.</summary>
public abstract class DriverTestBase : IAsyncLifetime
{
    protected const string Node = "node-a";
    protected const string Ns = "edgemano";
    protected const string Deployments = "/apis/apps/v1/namespaces/edgemano/deployments";
    protected const string StatefulSets = "/apis/apps/v1/namespaces/edgemano/statefulsets";
    protected const string Pods = "/api/v1/namespaces/edgemano/pods";
    protected const string Services = "/api/v1/namespaces/edgemano/services";
    protected const string ConfigMaps = "/api/v1/namespaces/edgemano/configmaps";

    private readonly List<KubernetesRuntime> _drivers = [];

    protected FakeApiServer Api { get; private set; } = null!;

    protected string Dir { get; } = Directory.CreateTempSubdirectory("em-k8s-test-").FullName;

    public async Task InitializeAsync() => Api = await FakeApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var d in _drivers) d.Dispose();
        await Api.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    protected KubernetesRuntime Driver(string node = Node, string? kubeconfig = null)
    {
        var driver = new KubernetesRuntime(new KubernetesRuntimeOptions
        {
            NodeId = node,
            KubeconfigPath = kubeconfig ?? Api.WriteKubeconfig(Dir),
            RequestTimeout = TimeSpan.FromSeconds(5),
            WatchRetryMin = TimeSpan.FromMilliseconds(50),
            WatchRetryMax = TimeSpan.FromMilliseconds(200),
        });
        _drivers.Add(driver);
        return driver;
    }

    protected static WorkloadSpec Spec(string name, IReadOnlyDictionary<string, string>? env = null, IReadOnlyDictionary<string, string>? labels = null,
        string image = "local/busybox:1", params PortMapping[] ports) => new()
    {
        Name = name,
        Kind = WorkloadKind.Container,
        Image = image,
        Command = new ValueList<string>(["sh", "-c", "sleep 3600"]),
        Env = env is null ? ValueMap.Empty : new ValueMap(env),
        Labels = labels is null ? ValueMap.Empty : new ValueMap(labels),
        Ports = new ValueList<PortMapping>(ports),
    };

    protected static string ObjectName(string workload) => $"em-{Node}-{workload}";

    /// <summary>What the ReplicaSet controller and kubelet would do: a pod from the template's labels, in the recorded shape.</summary>
    protected JsonObject StartPod(string workload, string fixture = "pod-running.json", string collection = Deployments, string suffix = "7d9c5b6f8d-x2k4p")
    {
        var owner = Api.Store.Get(collection, ObjectName(workload)) ?? throw new InvalidOperationException($"no {workload} in {collection}");
        var labels = owner["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        return Api.Store.Put(Pods, Fixtures.Pod(fixture, $"{ObjectName(workload)}-{suffix}", labels));
    }

    protected void SetDeploymentStatus(string workload, string fixture, string collection = Deployments) =>
        Api.Store.SetStatus(collection, ObjectName(workload), Fixtures.Named(fixture, ObjectName(workload)));

    protected static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls the driver's list (served from its watch cache); a refusal while its watches reconnect is retried.</summary>
    /// <param name="also">A further condition the observation must meet (e.g. that a pod seen on another watch is in it).</param>
    protected static Task<ObservedWorkload> WaitForState(IWorkloadRuntime driver, string name, InstanceState state, Func<ObservedWorkload, bool>? also = null) =>
        Eventually(async () =>
        {
            try
            {
                return (await driver.ListAsync(CancellationToken.None)).FirstOrDefault(w => w.Name == name && w.State == state && (also is null || also(w)));
            }
            catch (RuntimeException)
            {
                return null;
            }
        }, $"{name} to be {state}");

    /// <summary>Collects a driver's runtime events in the background until disposed.</summary>
    protected sealed class EventLog : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<RuntimeEvent> _events = [];
        private readonly Task _reading;

        public EventLog(IWorkloadRuntime driver) => _reading = Task.Run(async () =>
        {
            await foreach (var e in driver.WatchAsync(_stop.Token)) lock (_events) _events.Add(e);
        });

        public Task<RuntimeEvent> WaitFor(Func<RuntimeEvent, bool> match, string what) => Eventually(() =>
        {
            lock (_events) return Task.FromResult(_events.FirstOrDefault(match));
        }, what);

        public IReadOnlyList<RuntimeEvent> Seen
        {
            get { lock (_events) return [.. _events]; }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            _stop.Dispose();
        }
    }
}
