using System.Runtime.InteropServices;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Reconciliation;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Host.Configuration;
using EdgeMano.Agent.Host.Control;
using EdgeMano.Agent.Host.Status;
using EdgeMano.Agent.Runtimes.Health;
using EdgeMano.Agent.Store;
using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Agent.Uplink;
using Microsoft.Extensions.Logging;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Host.Daemon;

/// <summary>
/// `edgemano-agent run`: holds the state-dir lock, opens the store, starts the drivers, the
/// reconciler and the control socket, and runs until SIGTERM/SIGINT. Workloads are left running
/// on the way out; the next start adopts them.
/// </summary>
internal static class AgentDaemon
{
    public static async Task<int> RunAsync(AgentSettings settings, long startTimestamp)
    {
        RuntimeFactory.CheckAvailable(settings);
        using var loggers = Logging.CreateFactory(settings.LogLevel);
        var logger = loggers.CreateLogger("EdgeMano.Agent");
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        Directory.CreateDirectory(settings.StateDir);
        using var stateLock = StateDirLock.Acquire(settings.StateDir, wait: TimeSpan.FromSeconds(5));
        using var store = LiteAgentStore.Open(settings.StateDir);
        // A state dir belongs to one node: running another node's desired state would be wrong
        // whichever way it happened (a copied disk, a changed --node-id).
        if (store.LoadDesired() is { } held && held.NodeId != settings.NodeId)
            throw new SettingsException($"{settings.StateDir} holds desired state for node '{held.NodeId}' but this agent is node '{settings.NodeId}': " +
                $"start with --node-id {held.NodeId}, or use another --state-dir for node '{settings.NodeId}'");
        var (drivers, explanation) = RuntimeFactory.Create(settings, loggers);
        HostLog.Starting(logger, AgentBuild.Executable, AgentVersion.Text, settings.NodeId, settings.StateDir, string.Join(",", drivers.Select(d => d.Name)));
        HostLog.RuntimeDetected(logger, explanation);

        using var prober = new HealthProber();
        var runtimes = new RuntimeSet(drivers);
        var reconciler = new Reconciler(store, runtimes, prober, TimeProvider.System, new ReconcilerOptions
        {
            NodeId = settings.NodeId,
            ResyncInterval = settings.ResyncInterval,
            StopGrace = settings.StopGrace,
        }, loggers.CreateLogger("EdgeMano.Agent.Reconciler"));
        reconciler.MarkStarted(startTimestamp);

        using var systemd = new SystemdNotify();
        reconciler.FirstReconcileCompleted += (_, _) => systemd.Ready();

        await using var uplink = UplinkWiring.Create(settings, store, reconciler, drivers, loggers, logger);
        var requests = new ControlHandler(store, reconciler, settings.NodeId, logger, () => uplink?.Status);
        await using (var control = new ControlServer(settings.ControlSocket, requests.Handle, logger))
        {
            control.Start();
            var loop = reconciler.RunAsync(stop.Token);
            // The link runs beside the loop and never holds it up: an unreachable plane changes nothing here.
            var link = uplink?.RunAsync(stop.Token) ?? Task.CompletedTask;
            systemd.StartWatchdog(() => !loop.IsCompleted);
            // Every 30 s, after each idle resync has mapped its code back (a trim allocates nothing:
            // with the old string parser, trimming this often grew the heap more than it gave back).
            var trim = WorkingSetTrim.RunAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30),
                kb => HostLog.WorkingSetTrimmed(logger, kb), stop.Token);
            await loop.ConfigureAwait(false);
            await trim.ConfigureAwait(false);
            systemd.Stopping();
            HostLog.Stopping(logger);
            // A clean stop says "offline" to the plane; bounded so a dead link cannot hold up the exit.
            await link.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
        foreach (var driver in drivers) (driver as IDisposable)?.Dispose();
        return 0;
    }

    /// <summary>Answers `apply` and `status` from the CLI.</summary>
    private sealed class ControlHandler(LiteAgentStore store, Reconciler reconciler, string nodeId, ILogger logger, Func<LinkStatus?> link)
    {
        public ControlResponse Handle(ControlRequest request) => request.Op switch
        {
            "apply" => Apply(request),
            "status" => new ControlResponse { Ok = true, Status = StatusReader.FromSnapshot(reconciler.Snapshot, store, agentRunning: true) with { Link = LinkView.From(link()) } },
            _ => new ControlResponse { Ok = false, Error = $"unknown operation '{request.Op}' (expected apply or status)" },
        };

        private ControlResponse Apply(ControlRequest request)
        {
            DesiredState offered;
            try
            {
                offered = DesiredStateProtoMapper.FromProto(Wire.DesiredState.Parser.ParseFrom(request.Desired ?? []));
            }
            catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or ArgumentException)
            {
                return new ControlResponse { Ok = false, Error = $"desired state is not valid protobuf: {ex.Message}" };
            }
            var result = DesiredStateIntake.Offer(store, offered, nodeId);
            if (!result.Accepted)
            {
                HostLog.DesiredRejected(logger, result.ErrorText);
                return new ControlResponse { Ok = false, Error = result.ErrorText, Revision = result.Revision };
            }
            HostLog.DesiredAccepted(logger, result.Revision, offered.Workloads.Count, offered.Source);
            reconciler.Trigger();
            return new ControlResponse { Ok = true, Revision = result.Revision };
        }
    }
}

/// <summary>An exclusive lock on the state directory, so two agents never drive one store.</summary>
internal sealed class StateDirLock : IDisposable
{
    private readonly FileStream _file;

    private StateDirLock(FileStream file) => _file = file;

    /// <param name="wait">How long to wait for a holder to let go: `status` and `apply` hold the lock for
    /// milliseconds when no daemon answers, and a daemon starting at that moment must wait for them,
    /// not fail. A second daemon holds it for good, so after the wait the start is refused.</param>
    public static StateDirLock Acquire(string stateDir, TimeSpan wait = default)
    {
        var path = Path.Combine(stateDir, "agent.lock");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                // FileShare.None takes an flock(LOCK_EX) on Linux; the kernel drops it when the process dies.
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new StateDirLock(file);
            }
            catch (IOException ex) when (ex is not DirectoryNotFoundException and not FileNotFoundException)
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= wait)
                    throw new AgentStartException($"another edgemano-agent is already running with state directory {stateDir} (lock {path} is held)");
                Thread.Sleep(50);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>A start-up problem with a message meant for the operator.</summary>
internal sealed class AgentStartException(string message) : Exception(message);

internal static class AgentVersion
{
    public static string Text { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
