using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using EdgeMano.FleetSim.Processes;
using EdgeMano.FleetSim.Sim;
using EdgeMano.Proto.V1;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>
/// `edgemano-fleetsim embedded-broker [--direct]`: the embedded floor's broker in its own process,
/// as the plane's broker is in the plane's process (and because 10,000 nodes plus 10,000 broker-side
/// sockets in one process would pass the 20,000 open-file limit). MQTTnet.Server with the options of
/// the plane's EmbeddedBroker; node statuses are taken in-process by the publish interceptor, as the
/// plane takes them. Driven over stdin/stdout, one line per command and answer:
/// nodes PREFIX COUNT | expect REV | acked | stamps | describe | deliver REV VERSION.
/// With --direct, node traffic is taken in-process and not dispatched further (no retained copy, no
/// matching against every session), and `deliver` keeps each node's desired state and puts it
/// straight into the node's session when it is connected, and again whenever it subscribes to its
/// desired topic (as the agent does on every connect), as the plane's EmbeddedBroker does: what the
/// embedded path costs once no message is matched against all sessions.
/// </summary>
internal static class EmbeddedFloorHost
{
    public static async Task<int> RunAsync(bool direct)
    {
        var connected = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var latest = new ConcurrentDictionary<string, MqttApplicationMessage>(StringComparer.Ordinal);
        AckCollector? collector = null;
        List<string> nodes = [];
        var port = FreePort.Get();
        var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(1000)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build());
        server.InterceptingPublishAsync += e =>
        {
            if (!NodeTopics.TryParse(e.ApplicationMessage.Topic, out var node, out var kind) || kind == NodeTopicKind.Desired) return Task.CompletedTask;
            if (kind == NodeTopicKind.Status) collector?.OnStatus(node, e.ApplicationMessage.Payload);
            if (direct) e.ProcessPublish = false;
            return Task.CompletedTask;
        };
        server.ClientConnectedAsync += e => { connected[e.ClientId] = 0; return Task.CompletedTask; };
        // A node holding a revision subscribes with retain handling 1 (no retained copy on a kept
        // subscription), so the kept copy goes to its session on every subscribe, as the plane does.
        server.ClientSubscribedTopicAsync += async e =>
        {
            if (direct && latest.TryGetValue(e.TopicFilter.Topic, out var message)) await HandAsync(e.ClientId, message);
        };
        server.ClientDisconnectedAsync += e =>
        {
            if (e.DisconnectType != MqttClientDisconnectType.Takeover) connected.TryRemove(e.ClientId, out _);
            return Task.CompletedTask;
        };
        await server.StartAsync();
        Console.Out.WriteLine($"ready {port}");
        Console.Out.Flush();

        while (await Console.In.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ');
            string answer;
            try
            {
                answer = words[0] switch
                {
                    "nodes" => SetNodes(words[1], int.Parse(words[2], CultureInfo.InvariantCulture)),
                    "expect" => Ok(() => Collector().Expect(long.Parse(words[1], CultureInfo.InvariantCulture))),
                    "acked" => $"{Collector().Acked}",
                    "stamps" => string.Join(' ', Collector().Stamps()),
                    "describe" => Collector().Describe(),
                    "deliver" => await DeliverAllAsync(long.Parse(words[1], CultureInfo.InvariantCulture), words[2]),
                    _ => $"error: unknown command '{words[0]}'",
                };
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or IndexOutOfRangeException)
            {
                answer = $"error: {ex.Message}";
            }
            Console.Out.WriteLine(answer);
            Console.Out.Flush();
        }
        await server.StopAsync();
        server.Dispose();
        return 0;

        AckCollector Collector() => collector ?? throw new InvalidOperationException("`nodes` first");

        string SetNodes(string prefix, int count)
        {
            nodes = Enumerable.Range(0, count).Select(i => SimFleet.NodeId(prefix, i)).ToList();
            collector = new AckCollector(nodes);
            return "ok";
        }

        async Task<string> DeliverAllAsync(long revision, string version)
        {
            if (!direct) return "error: deliver needs --direct";
            foreach (var node in nodes)
            {
                var message = new MqttApplicationMessageBuilder().WithTopic(NodeTopics.Desired(node))
                    .WithPayload(WireMessages.Desired(node, revision, version).ToByteArray())
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build();
                latest[message.Topic] = message;
                var clientId = NodeTopics.AgentClientId(node);
                if (connected.ContainsKey(clientId)) await HandAsync(clientId, message);
            }
            return "ok";
        }

        async Task HandAsync(string clientId, MqttApplicationMessage message)
        {
            try
            {
                var session = await server.GetSessionAsync(clientId);
                session?.TryEnqueueApplicationMessage(message, out _);
            }
            catch (InvalidOperationException)
            {
                // The session went away; the node gets the kept copy when it subscribes again.
            }
        }
    }

    private static string Ok(Action action)
    {
        action();
        return "ok";
    }
}
