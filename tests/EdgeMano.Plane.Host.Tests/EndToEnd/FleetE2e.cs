using System.Text.Json;
using EdgeMano.Testing;

namespace EdgeMano.Plane.Host.Tests.EndToEnd;

/// <summary>Plane + real AOT agents + real dockerd: the end-to-end tests share one engine and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FleetE2eCollection : ICollectionFixture<DockerE2eFixture>
{
    public const string Name = "plane-fleet-e2e";
}

/// <summary>How an agent reaches the plane in a test.</summary>
public enum Link { Embedded, Mosquitto, Grpc }

/// <summary>A plane (with a Mosquitto when asked) and helpers to start agents connected to it.</summary>
public sealed class FleetUnderTest : IAsyncDisposable
{
    private readonly List<AgentProcess> _agents = [];

    private FleetUnderTest(PlaneProcess plane, MosquittoBroker? broker, Link link)
    {
        Plane = plane;
        Broker = broker;
        Link = link;
    }

    public PlaneProcess Plane { get; }
    public MosquittoBroker? Broker { get; }
    public Link Link { get; }

    public static async Task<FleetUnderTest> StartAsync(Link link, string listen = "127.0.0.1")
    {
        MosquittoBroker? broker = null;
        if (link == Link.Mosquitto) broker = await MosquittoBroker.StartAsync(persistence: true, extraConfig: "max_queued_messages 100000\n");
        var plane = broker is null
            ? await PlaneProcess.StartListeningAsync(listen)
            : await PlaneProcess.StartListeningAsync(listen, "--broker", broker.Url);
        return new FleetUnderTest(plane, broker, link);
    }

    /// <summary>Where an agent connects, seen from <paramref name="address"/> (loopback unless the agent sits behind a veth link).</summary>
    public string[] UplinkArgs(string address = "127.0.0.1") => Link switch
    {
        Link.Embedded => ["--broker", Plane.BrokerUrlVia(address)],
        Link.Mosquitto => ["--broker", $"mqtt://{address}:{Broker!.Port}"],
        _ => ["--plane", $"http://{address}:{Plane.HttpPort}"],
    };

    /// <summary>An agent on the docker runtime, labelled, linked to the plane; started unless <paramref name="netns"/> says where to start it later.</summary>
    public AgentProcess Agent(string labels, string address = "127.0.0.1", string? nodeId = null)
    {
        var agent = new AgentProcess(nodeId);
        agent.CommonArgs.AddRange(["--runtime", "docker", "--labels", labels, .. UplinkArgs(address)]);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>The node as the plane shows it, once <paramref name="predicate"/> holds.</summary>
    public Task<JsonElement> NodeAsync(AgentProcess agent, Func<JsonElement, bool> predicate, TimeSpan? timeout = null, string what = "node state") =>
        Plane.WaitForNodeAsync(agent.NodeId, predicate, timeout ?? TimeSpan.FromSeconds(90), what);

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents) await agent.DisposeAsync();
        await Plane.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
    }
}

public static class NodeJson
{
    public static JsonElement? Workload(this JsonElement node, string name) =>
        node.GetProperty("workloads").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(w => w!.Value.GetProperty("name").GetString() == name);

    public static bool Running(this JsonElement node, params string[] names) =>
        names.All(n => node.Workload(n) is { } w && w.GetProperty("phase").GetString() == "Running") &&
        node.GetProperty("workloads").GetArrayLength() == names.Length;

    /// <summary>The node persisted <paramref name="revision"/> (or later) and runs it: every workload Running with its spec.</summary>
    public static bool InSyncAt(this JsonElement node, long revision) =>
        node.GetProperty("converged").GetBoolean() && node.GetProperty("observedRevision").GetInt64() >= revision;

    public static long DesiredRevision(this JsonElement node) => node.GetProperty("desiredRevision").GetInt64();
}

/// <summary>Deployment documents for the end-to-end tests (busybox containers, no ports: nothing to clash between tests).</summary>
public static class E2eDeployments
{
    public static string Sleepers(string name, string selector, string greeting, params string[] workloads) => $"""
        apiVersion: edgemano/v1
        kind: Deployment
        name: {name}
        selector: {selector}
        workloads:
        {string.Join("\n", workloads.Select(w => $"""
          - name: {w}
            kind: container
            image: local/busybox:1
            command: [sleep, "3600"]
            env: {"{"}GREETING: {(w == workloads[0] ? greeting : "fixed")}{"}"}
        """))}
        """;
}
