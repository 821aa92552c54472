using EdgeMano.Testing;
using MQTTnet.Server;

namespace EdgeMano.Agent.Uplink.Tests.Infrastructure;

/// <summary>An MQTTnet server in this process on a free loopback port, with persistent sessions (as the plane embeds it).</summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private EmbeddedBroker(MqttServer server, int port)
    {
        Server = server;
        Port = port;
    }

    public MqttServer Server { get; }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public static async Task<EmbeddedBroker> StartAsync()
    {
        var port = FreePort.Get();
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions(true)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync();
        return new EmbeddedBroker(server, port);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(new MqttServerStopOptions());
        Server.Dispose();
    }
}
