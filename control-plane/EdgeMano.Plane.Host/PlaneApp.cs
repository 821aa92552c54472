using System.Net.Sockets;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Host.Api;
using EdgeMano.Plane.Host.Configuration;
using EdgeMano.Plane.Host.Delivery;
using EdgeMano.Plane.Host.Grpc;
using EdgeMano.Plane.Messaging;
using EdgeMano.Plane.Store;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeMano.Plane.Host;

/// <summary>Thrown when the plane cannot start (port taken, store locked); the message says which and why.</summary>
public sealed class PlaneStartException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Builds and runs the plane's web host with its store, broker and background services.</summary>
internal static class PlaneApp
{
    public static async Task<int> RunAsync(PlaneSettings settings, CancellationToken cancellationToken)
    {
        LitePlaneStore store;
        try
        {
            store = LitePlaneStore.Open(settings.StateDir);
        }
        catch (IOException ex)
        {
            throw new PlaneStartException(ex.Message, ex);
        }
        using var _ = store;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.SetMinimumLevel(ParseLevel(settings.LogLevel));
        // Kestrel's and ASP.NET's own info lines would drown the plane's.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Host.UseSystemd();
        var http2Socket = Path.Combine(settings.StateDir, "plane-h2c.sock");
        if (File.Exists(http2Socket)) File.Delete(http2Socket);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(settings.Listen, settings.HttpPort, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                l.UseH2cRelay(http2Socket);
            });
            k.ListenUnixSocket(http2Socket, l => l.Protocols = HttpProtocols.Http2);
            k.Limits.MaxRequestBodySize = RequestBody.DrainLimitBytes;
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton<IPlaneStore>(store);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FleetController(sp.GetRequiredService<IPlaneStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FleetController>>()));
        services.AddSingleton<INodeLink>(sp => settings.Broker is { } broker
            ? new ExternalBroker(broker.Host, broker.Port, sp.GetRequiredService<ILogger<ExternalBroker>>())
            : new EmbeddedBroker(settings.Listen, settings.MqttPort, sp.GetRequiredService<ILogger<EmbeddedBroker>>()));
        services.AddSingleton<SyncSessions>();
        services.AddSingleton<DesiredPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<DesiredPublisher>());
        services.AddSingleton<EventWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EventWriter>());
        services.AddHostedService<RolloutDriver>();
        services.AddSingleton<NodeTrafficRouter>();
        services.AddSingleton<PlaneOperations>();
        services.AddGrpc();
        services.AddOpenApi();

        var app = builder.Build();
        app.MapRestApi();
        app.MapPackagesApi();
        app.MapNetworkServicesApi();
        app.MapRolloutsApi();
        app.MapMetrics();
        app.MapOpenApi();
        app.MapGrpcService<AgentSyncService>();
        app.MapGrpcService<FleetGrpcService>();
        app.MapGrpcService<DeploymentsGrpcService>();
        app.MapGet("/healthz", (INodeLink link) => link.IsUp ? Results.Text("ok") : Results.Text($"down: {link.Description}", statusCode: 503));
        app.MapGet("/", () => Results.Text("EdgeMano control plane. REST: /api/v1 (OpenAPI: /openapi/v1.json)."));

        var link = app.Services.GetRequiredService<INodeLink>();
        var fleet = app.Services.GetRequiredService<FleetController>();
        try
        {
            await link.StartAsync(app.Services.GetRequiredService<NodeTrafficRouter>(), cancellationToken);
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException || ex.InnerException is SocketException)
        {
            throw new PlaneStartException($"cannot listen: {ex.Message} (http port {settings.HttpPort}, mqtt port {settings.MqttPort}; choose others with --http-port / --mqtt-port)", ex);
        }
        // In the background: the plane answers at once, and the first real change finds the path compiled.
        var warmup = Task.Run(() =>
        {
            try
            {
                PlaneWarmup.Run();
            }
            catch (Exception ex)
            {
                PlaneLog.WarmupFailed(app.Logger, ex.Message);
            }
        }, cancellationToken);
        // The broker forgets retained messages when the plane stops; hand every node's latest
        // desired state back to it so a node coming back after a plane restart finds it.
        app.Services.GetRequiredService<DesiredPublisher>().Enqueue(fleet.AllIssued());
        PlaneLog.Ready(app.Logger, typeof(PlaneApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            settings.Listen.ToString(), settings.HttpPort, link.Description, store.FilePath);

        await app.WaitForShutdownAsync(cancellationToken);
        await warmup.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        app.Services.GetRequiredService<EventWriter>().Flush();
        await link.DisposeAsync();
        return 0;
    }

    private static LogLevel ParseLevel(string level) => level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
