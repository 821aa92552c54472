using System.Net.Http;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Uplink.Intake;
using EdgeMano.Agent.Uplink.Link;
using EdgeMano.Agent.Uplink.Reporting;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Grpc;

/// <summary>
/// The gRPC link: one long-lived AgentSync.Sync stream to the plane (h2c for http://), reopened
/// with the same backoff as MQTT whenever it ends. HTTP/2 keep-alive pings detect a dead link.
/// </summary>
internal sealed class GrpcUplink : IUplink
{
    private readonly UplinkOptions _options;
    private readonly TimeProvider _time;
    private readonly LinkState _state;
    private readonly GrpcChannel _channel;
    private readonly Wire.AgentSync.AgentSyncClient _client;
    private readonly SyncSession _session;

    public GrpcUplink(UplinkOptions options, IAgentStore store, INodeStateSource node, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _state = new LinkState("grpc", options.Endpoint, time, logger);
        var plane = options.Plane ?? throw new ArgumentException("no plane configured", nameof(options));
        _channel = GrpcChannel.ForAddress(plane, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = options.OperationTimeout,
                KeepAlivePingDelay = options.KeepAlive,
                KeepAlivePingTimeout = options.OperationTimeout,
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
            // A desired state over the limit fails the stream (ResourceExhausted) rather than filling memory.
            MaxReceiveMessageSize = options.MaxDesiredBytes + 64 * 1024,
            DisposeHttpClient = true,
        });
        _client = new Wire.AgentSync.AgentSyncClient(_channel);
        var pump = new ReportPump(options, store, node, new StatusBuilder(options, store, node, time), time, logger);
        _session = new SyncSession(new DesiredStateReceiver(options, store, logger), pump, node, _state, options.OperationTimeout, time);
    }

    public LinkStatus Status => _state.Status;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await LinkLoop.RunAsync(_options, _state, _time, async ct =>
        {
            using var call = _client.Sync(cancellationToken: ct);
            try
            {
                return await _session.RunAsync(call.ResponseStream, call.RequestStream, ct).ConfigureAwait(false);
            }
            finally
            {
                // Ends the request stream politely when the call is still alive (a clean stop).
                try { await call.RequestStream.CompleteAsync().ConfigureAwait(false); } catch (Exception) { }
            }
        }, () => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
        if (_state.Status.Connected) _state.Lost("agent stopping");
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
