using System.Diagnostics;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Planning;
using EdgeMano.Agent.Core.Restart;
using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Core.Reconciliation;

/// <summary>The outcome of running a plan: records after execution, events, failures, time spent in runtimes.</summary>
public sealed record RunResult(IReadOnlyDictionary<string, WorkloadRecord> Records, IReadOnlyList<AgentEvent> Events, int Failed, TimeSpan RuntimeTime);

/// <summary>
/// Executes a plan's commands one by one through the runtime port. A failing command is recorded
/// on its workload (error, backoff) and the rest of the plan still runs.
/// </summary>
public sealed class PlanRunner(RuntimeSet runtimes, TimeProvider time, ReconcilerOptions options, ILogger logger)
{
    public async Task<RunResult> RunAsync(Plan plan, CancellationToken cancellationToken)
    {
        var records = plan.Records.ToDictionary(StringComparer.Ordinal);
        var events = new List<AgentEvent>(plan.Events);
        var failed = 0;
        var runtimeTime = TimeSpan.Zero;
        foreach (var command in plan.Commands)
        {
            ReconcilerLog.Executing(logger, command.Show());
            var started = Stopwatch.GetTimestamp();
            try
            {
                var outcome = await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
                runtimeTime += Stopwatch.GetElapsedTime(started);
                if (records.TryGetValue(command.Workload, out var rec)) records[command.Workload] = Succeeded(command, rec, outcome);
                events.Add(Event(command.Workload, outcome.Reason, outcome.Message));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                runtimeTime += Stopwatch.GetElapsedTime(started);
                failed++;
                ReconcilerLog.CommandFailed(logger, command.Show(), ex.Message);
                if (records.TryGetValue(command.Workload, out var rec)) records[command.Workload] = Failed(command, rec, ex.Message);
                events.Add(Event(command.Workload, "CommandFailed", $"{command.Show()} failed: {ex.Message}", "warning"));
            }
        }
        return new RunResult(records, events, failed, runtimeTime);
    }

    private sealed record Outcome(string Reason, string Message, string RuntimeId = "");

    private async Task<Outcome> ExecuteAsync(PlanCommand command, CancellationToken ct)
    {
        switch (command)
        {
            case RemoveCommand r:
                await runtimes.ByName(r.Instance.Runtime).RemoveAsync(r.Instance, options.StopGrace, ct).ConfigureAwait(false);
                return new Outcome("Removed", $"removed {r.Instance.Runtime} {Short(r.Instance.RuntimeId)}: {r.Reason}");
            case CreateCommand c:
            {
                var created = await RuntimeFor(c.Desired.Spec).CreateAsync(c.Desired.Spec, c.Desired.Hash, ct).ConfigureAwait(false);
                return new Outcome("Started", $"created and started {created.Runtime} {Short(created.RuntimeId)}", created.RuntimeId);
            }
            case StartCommand s:
                await runtimes.ByName(s.Instance.Runtime).StartAsync(s.Instance, ct).ConfigureAwait(false);
                return new Outcome("Restarted", $"restarted {s.Instance.Runtime} {Short(s.Instance.RuntimeId)} by policy", s.Instance.RuntimeId);
            case ReplaceCommand p:
            {
                await runtimes.ByName(p.Instance.Runtime).RemoveAsync(p.Instance, options.StopGrace, ct).ConfigureAwait(false);
                var created = await RuntimeFor(p.Desired.Spec).CreateAsync(p.Desired.Spec, p.Desired.Hash, ct).ConfigureAwait(false);
                return new Outcome("Restarted", $"replaced by {created.Runtime} {Short(created.RuntimeId)}: {p.Reason}", created.RuntimeId);
            }
            default:
                throw new InvalidOperationException($"unknown command {command.GetType().Name}");
        }
    }

    private IWorkloadRuntime RuntimeFor(WorkloadSpec spec) =>
        runtimes.For(spec.Kind) ?? throw new RuntimeException($"no runtime for {spec.Kind.ToString().ToLowerInvariant()} workloads on this node");

    private WorkloadRecord Succeeded(PlanCommand command, WorkloadRecord rec, Outcome outcome)
    {
        var now = time.GetUtcNow();
        var running = rec with
        {
            Phase = WorkloadPhase.Running,
            Since = now,
            RuntimeId = outcome.RuntimeId,
            LastStartedAt = now,
            NextAttemptAt = null,
            LastError = "",
            Health = rec.Health == HealthState.None ? HealthState.None : HealthState.Unknown,
        };
        return command switch
        {
            CreateCommand => running,
            StartCommand or ReplaceCommand => running with { Restarts = rec.Restarts + 1, ConsecutiveFailures = rec.ConsecutiveFailures + 1 },
            _ => rec,
        };
    }

    private WorkloadRecord Failed(PlanCommand command, WorkloadRecord rec, string error)
    {
        if (command is RemoveCommand) return rec with { LastError = error };
        // A create/start that fails backs off like a crash, so a missing image is not retried in a hot loop.
        var now = time.GetUtcNow();
        var spec = command switch
        {
            CreateCommand c => c.Desired.Spec,
            StartCommand s => s.Desired.Spec,
            ReplaceCommand p => p.Desired.Spec,
            _ => null,
        };
        var delay = Backoff.Delay(spec?.Restart ?? RestartSpec.Default, rec.ConsecutiveFailures);
        return rec with
        {
            Phase = WorkloadPhase.BackingOff,
            Since = rec.Phase == WorkloadPhase.BackingOff ? rec.Since : now,
            LastError = error,
            ConsecutiveFailures = rec.ConsecutiveFailures + 1,
            NextAttemptAt = now + delay,
        };
    }

    private AgentEvent Event(string workload, string reason, string message, string severity = "info") =>
        new() { At = time.GetUtcNow(), Workload = workload, Reason = reason, Message = message, Severity = severity };

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
