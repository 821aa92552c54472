using EdgeMano.FleetSim.Report;
using EdgeMano.FleetSim.Sim;
using EdgeMano.Proto.V1;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>
/// The floor: the same traffic through the same kind of broker with no plane. One publisher client
/// publishes a retained QoS 1 desired state per node (pipelined, <c>window</c> in flight), and an
/// <see cref="IAckSource"/> stamps each node's ack.
/// </summary>
internal sealed class FloorTarget : IFleetTarget
{
    private readonly IFloorBroker _broker;
    private readonly IMqttClient _publisher = new MqttClientFactory().CreateMqttClient();
    private readonly int _window;
    private IAckSource? _acks;

    private FloorTarget(IFloorBroker broker, int window)
    {
        _broker = broker;
        _window = window;
    }

    public string Kind => "floor";

    public int NodePort => _broker.Port;

    /// <summary>Publishes the broker refused (PUBACK other than success / no subscribers).</summary>
    public int Refused { get; private set; }

    public static async Task<FloorTarget> StartAsync(IFloorBroker broker, int window, CancellationToken ct)
    {
        var target = new FloorTarget(broker, window);
        await target._publisher.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId("fleetsim-floor-publisher")
            .WithCleanStart()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(60))
            .Build(), ct);
        return target;
    }

    /// <summary>The collector must exist before nodes connect, and it needs their ids.</summary>
    public async Task AttachAsync(SimFleet fleet, CancellationToken ct) =>
        _acks = await _broker.StartCollectorAsync(fleet.Nodes.Select(n => n.Id).ToList(), ct);

    public Task<double> WaitKnownAsync(SimFleet fleet, Mark connectStart, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(connectStart.Elapsed);

    public async Task ChangeAsync(SimFleet fleet, int generation, CancellationToken ct)
    {
        await Acks.ExpectAsync(generation);
        if (await _broker.TryDeliverAllAsync(generation, $"v{generation}")) return;
        var payloads = fleet.Nodes.Select(n => (Topic: NodeTopics.Desired(n.Id), Payload: WireMessages.Desired(n.Id, generation, $"v{generation}").ToByteArray())).ToList();
        using var window = new SemaphoreSlim(_window);
        var refused = 0;
        var inFlight = new List<Task>(payloads.Count);
        foreach (var (topic, payload) in payloads)
        {
            await window.WaitAsync(ct);
            inFlight.Add(PublishAsync(topic, payload));
        }
        await Task.WhenAll(inFlight);
        Refused += refused;

        async Task PublishAsync(string topic, byte[] payload)
        {
            try
            {
                var result = await _publisher.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(topic).WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build(), ct);
                if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
                    Interlocked.Increment(ref refused);
            }
            finally
            {
                window.Release();
            }
        }
    }

    public async Task<AckResult> WaitAckedAsync(SimFleet fleet, long revision, Mark from, TimeSpan timeout, CancellationToken ct)
    {
        var start = Mark.Now();
        while (await Acks.AckedAsync() < fleet.Count && start.Elapsed < timeout.TotalSeconds) await Task.Delay(50, ct);
        var stamps = await Acks.StampsAsync();
        var perNode = stamps.Select(from.SecondsTo).ToArray();
        var lost = perNode.Count(double.IsNaN);
        var all = lost == 0 ? perNode.Max() : double.NaN;
        return new AckResult(perNode, all, lost, $"{fleet.Count - lost} acks collected, {await Acks.DescribeAsync()}, {Refused} publishes refused");
    }

    public Task<double> WaitOfflineAsync(SimFleet fleet, Mark from, TimeSpan timeout, CancellationToken ct) => Task.FromResult(from.Elapsed);

    public Task<double> WaitHandedOffAsync(Mark from, TimeSpan timeout, CancellationToken ct) => Task.FromResult(from.Elapsed);

    public IEnumerable<(string Name, double Value)> Resources() => _broker.Resources();

    public void WriteDetails(Details details)
    {
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_publisher.IsConnected) await _publisher.DisconnectAsync(); }
        catch (Exception) { /* the broker may be gone already */ }
        _publisher.Dispose();
        await _broker.DisposeAsync();
    }

    private IAckSource Acks => _acks ?? throw new InvalidOperationException("AttachAsync first");
}
