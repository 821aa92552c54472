using System.Text;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Restart;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Core.Tests.Fakes;
using static EdgeMano.Agent.Core.Tests.Fakes.Specs;

namespace EdgeMano.Agent.Core.Tests.Reconciliation;

/// <summary>
/// Property: whatever the sequence of desired sets and whatever the node held before (orphans,
/// duplicates, stale specs, created-but-not-started, exited, failing creates, instances killed
/// behind the agent's back), a few passes leave exactly one instance per desired workload, of the
/// desired spec, in the runtime of its kind, running unless its restart policy keeps an exit
/// stopped, and nothing else. Seeded, so a failure names the seed that reproduces it.
/// </summary>
public sealed class ReconcilerPropertyTests
{
    private const int MaxPasses = 6;
    private static readonly string[] Names = ["a", "b", "c", "d", "e", "f"];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 200; seed++) data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ReconcileOnce_RandomDesiredSequence_ConvergesToExactlyTheDesiredInstances(int seed)
    {
        var rng = new Random(seed);
        await using var h = new ReconcilerHarness();
        var desired = new Dictionary<string, WorkloadSpec>(StringComparer.Ordinal);
        var mayStayExited = new HashSet<string>(StringComparer.Ordinal);
        var revisions = rng.Next(1, 5);

        for (var r = 1; r <= revisions; r++)
        {
            desired = NextDesired(rng, desired);
            InjectInstances(rng, h, desired, mayStayExited);
            if (rng.NextDouble() < 0.25) RuntimeOf(h, rng.Next(2) == 0 ? WorkloadKind.Container : WorkloadKind.Process).FailNextCreate("fake: create failed", rng.Next(1, 3));
            var revision = h.Apply([.. desired.Values]);

            var passes = 0;
            string? why = "not run";
            while (passes < MaxPasses)
            {
                var snapshot = await h.PassAsync();
                passes++;
                why = Mismatch(h, desired, mayStayExited);
                if (why is null && snapshot.ObservedRevision == revision) break;
                h.Time.Advance(TimeSpan.FromMinutes(10));
            }
            Assert.True(why is null && h.Reconciler.Snapshot.ObservedRevision == revision,
                $"seed {seed}, revision {revision}: not converged after {passes} passes: {why ?? "observed revision " + h.Reconciler.Snapshot.ObservedRevision}\n{Describe(h, desired)}");

            // Converged means stable: another pass changes nothing.
            var calls = Calls(h);
            await h.PassAsync();
            Assert.Equal(calls, Calls(h));
        }
    }

    private static Dictionary<string, WorkloadSpec> NextDesired(Random rng, Dictionary<string, WorkloadSpec> current)
    {
        var next = new Dictionary<string, WorkloadSpec>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var roll = rng.NextDouble();
            if (current.TryGetValue(name, out var spec))
            {
                if (roll < 0.5) next[name] = spec;
                else if (roll < 0.8) next[name] = RandomSpec(rng, name);
            }
            else if (roll < 0.5)
            {
                next[name] = RandomSpec(rng, name);
            }
        }
        return next;
    }

    /// <summary>The restart mode follows the spec's content, so one spec hash always has one policy.</summary>
    private static WorkloadSpec RandomSpec(Random rng, string name)
    {
        var kind = rng.Next(2) == 0 ? WorkloadKind.Container : WorkloadKind.Process;
        var variant = rng.Next(3);
        var restart = RestartPolicy((RestartMode)((name[0] + variant + (int)kind) % 3));
        return kind == WorkloadKind.Container
            ? Container(name, image: $"local/app:{variant}", restart: restart)
            : Process(name, command: $"/opt/app{variant}", restart: restart);
    }

    private static void InjectInstances(Random rng, ReconcilerHarness h, Dictionary<string, WorkloadSpec> desired, HashSet<string> mayStayExited)
    {
        var now = h.Time.GetUtcNow();
        for (var i = rng.Next(0, 5); i > 0; i--)
        {
            var name = rng.NextDouble() < 0.2 ? "orphan" + rng.Next(3) : Names[rng.Next(Names.Length)];
            var spec = desired.GetValueOrDefault(name);
            var current = spec is not null && rng.NextDouble() < 0.6;
            var runtime = current ? RuntimeOf(h, spec!.Kind) : rng.Next(2) == 0 ? h.Docker : h.Process;
            var hash = current ? SpecHash.Compute(spec!) : $"stale{rng.Next(10000):D4}";
            var state = (InstanceState)rng.Next(3);
            int? code = rng.Next(3) switch { 0 => 0, 1 => 1, _ => null };
            var added = runtime.Add(name, hash, state, code, startedAt: now.AddHours(-2).AddSeconds(rng.Next(3600)), finishedAt: now.AddHours(-1));
            if (current && state == InstanceState.Exited && !Backoff.RestartsAfterExit(spec!.Restart.Mode, code)) mayStayExited.Add(added.RuntimeId);
        }

        // Something behind the agent's back: an instance vanishes, or one exits.
        var running = h.Docker.Instances.Concat(h.Process.Instances).Where(o => o.State == InstanceState.Running).ToList();
        if (running.Count > 0 && rng.NextDouble() < 0.3)
        {
            var victim = running[rng.Next(running.Count)];
            var runtime = victim.Runtime == "docker" ? h.Docker : h.Process;
            if (rng.Next(2) == 0)
            {
                _ = runtime.RemoveAsync(victim, TimeSpan.Zero, CancellationToken.None);
            }
            else
            {
                int? code = rng.Next(3) switch { 0 => 0, 1 => 2, _ => null };
                runtime.ExitNow(victim.RuntimeId, code);
                if (desired.TryGetValue(victim.Name, out var spec) && !Backoff.RestartsAfterExit(spec.Restart.Mode, code))
                    mayStayExited.Add(victim.RuntimeId);
            }
        }
    }

    private static FakeRuntime RuntimeOf(ReconcilerHarness h, WorkloadKind kind) => kind == WorkloadKind.Container ? h.Docker : h.Process;

    /// <summary>Null when the node holds exactly what is desired; otherwise what is wrong.</summary>
    private static string? Mismatch(ReconcilerHarness h, Dictionary<string, WorkloadSpec> desired, HashSet<string> mayStayExited)
    {
        var all = h.Docker.Instances.Concat(h.Process.Instances).ToList();
        foreach (var o in all.Where(o => !desired.ContainsKey(o.Name))) return $"{o.Name} ({o.RuntimeId}) is not desired";
        foreach (var spec in desired.Values)
        {
            var instances = all.Where(o => o.Name == spec.Name).ToList();
            if (instances.Count != 1) return $"{spec.Name} has {instances.Count} instances";
            var o = instances[0];
            if (o.Runtime != RuntimeOf(h, spec.Kind).Name) return $"{spec.Name} runs on {o.Runtime}";
            if (o.SpecHash != SpecHash.Compute(spec)) return $"{spec.Name} runs spec {o.SpecHash}";
            if (o.State != InstanceState.Running && !(o.State == InstanceState.Exited && mayStayExited.Contains(o.RuntimeId)))
                return $"{spec.Name} ({o.RuntimeId}) is {o.State} (exit {o.ExitCode?.ToString() ?? "unknown"}, restart {spec.Restart.Mode})";
        }
        return null;
    }

    private static (int, int, int) Calls(ReconcilerHarness h) =>
        (h.Docker.CreateCalls + h.Process.CreateCalls, h.Docker.StartCalls + h.Process.StartCalls, h.Docker.RemoveCalls + h.Process.RemoveCalls);

    private static string Describe(ReconcilerHarness h, Dictionary<string, WorkloadSpec> desired)
    {
        var b = new StringBuilder();
        foreach (var s in desired.Values) b.AppendLine($"  desired {s.Name} {s.Kind} {SpecHash.Compute(s)} {s.Restart.Mode}");
        foreach (var o in h.Docker.Instances.Concat(h.Process.Instances))
            b.AppendLine($"  actual {o.Name} {o.Runtime} {o.RuntimeId} {o.SpecHash} {o.State} exit={o.ExitCode}");
        foreach (var r in h.Store.LoadRecords().Values)
            b.AppendLine($"  record {r.Name} {r.Phase} failures={r.ConsecutiveFailures} next={r.NextAttemptAt} error={r.LastError}");
        return b.ToString();
    }
}
