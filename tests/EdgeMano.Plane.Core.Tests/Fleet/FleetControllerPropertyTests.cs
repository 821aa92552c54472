using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Placement;
using EdgeMano.Plane.Core.Tests.Fakes;
using static EdgeMano.Plane.Core.Tests.Fakes.PlaneSpecs;

namespace EdgeMano.Plane.Core.Tests.Fleet;

/// <summary>
/// Random sequences of apply, delete, report (relabelling, running ahead), presence, refused
/// commits and clean restarts over a few nodes. After every step each node's issued workloads are
/// what <see cref="NodeComposer"/> makes of the current deployments, revisions only grow, a node
/// that ran ahead is re-issued at observed + 1, and the store holds what the controller issued.
/// </summary>
public sealed class FleetControllerPropertyTests
{
    private static readonly string[] NodeIds = ["n1", "n2", "n3", "n10"];
    private static readonly string[] Sites = ["a", "b", "c"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void ApplyDeleteReport_RandomSequences_IssuedEqualsCompositionAndRevisionsGrow(int seed)
    {
        var random = new Random(seed);
        var h = new FleetHarness();
        var lastRevision = NodeIds.ToDictionary(id => id, _ => 0L);
        var trace = new List<string>();

        for (var step = 0; step < 400; step++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            var published = new List<DesiredState>();
            var (ahead, aheadAt) = Step(random, h, published, trace, lastRevision);
            var where = $"seed {seed}, step {step}: {string.Join("; ", trace.TakeLast(6))}";

            foreach (var state in published)
            {
                Assert.True(state.Revision > lastRevision[state.NodeId], $"{where}: {state.NodeId} went from {lastRevision[state.NodeId]} to {state.Revision}");
                lastRevision[state.NodeId] = state.Revision;
                Assert.Equal(state, h.Fleet.IssuedFor(state.NodeId));
            }
            if (ahead is not null)
                Assert.True(h.RevisionOf(ahead) == aheadAt + 1, $"{where}: expected a re-issue at {aheadAt + 1}, got {h.RevisionOf(ahead)}");
            CheckInvariants(h, lastRevision, where);
        }
    }

    /// <summary>One random operation; returns the node that reported a revision above its issued one, if any.</summary>
    private static (string? Ahead, long AheadAt) Step(Random random, FleetHarness h, List<DesiredState> published, List<string> trace, Dictionary<string, long> lastRevision)
    {
        var roll = random.Next(100);
        if (roll < 85) return Mutate(random, h, published, trace);
        if (roll < 92)
        {
            var id = NodeIds[random.Next(NodeIds.Length)];
            h.Fleet.SetPresence(id, random.Next(2) == 0 ? Presence.Online : Presence.Offline);
            trace.Add($"presence {id}");
        }
        else if (roll < 97)
        {
            h.Flush();
            trace.Add("flush");
        }
        else
        {
            // A crash loses the states written behind; the restarted plane publishes what it holds.
            var crash = random.Next(2) == 0;
            h.Restart(flush: !crash);
            trace.Add(crash ? "crash" : "restart");
            published.AddRange(h.Fleet.AllIssued().Where(s => s.Revision != lastRevision[s.NodeId])); // the same revision again is not a new state
        }
        return (null, 0);
    }

    private static (string? Ahead, long AheadAt) Mutate(Random random, FleetHarness h, List<DesiredState> published, List<string> trace)
    {
        var refuse = random.Next(12) == 0;
        h.Store.FailNextCommits = refuse ? 1 : 0;
        var prefix = refuse ? "(disk full) " : "";
        try
        {
            var roll = random.Next(100);
            if (roll < 35)
            {
                var spec = RandomDeployment(random);
                trace.Add($"{prefix}apply {spec.Name} site={string.Join(",", spec.Selector.Values)} [{string.Join(",", spec.Workloads.Select(w => $"{w.Name}:{w.Image}:{string.Join("/", w.Ports.Select(p => p.HostPort))}"))}]");
                published.AddRange(h.Fleet.Apply(spec).ToPublish);
                return (null, 0);
            }
            if (roll < 50)
            {
                var name = $"d{random.Next(5)}";
                trace.Add($"{prefix}delete {name}");
                published.AddRange(h.Fleet.Delete(name).ToPublish);
                return (null, 0);
            }
            var id = NodeIds[random.Next(NodeIds.Length)];
            var issued = h.RevisionOf(id);
            var goesAhead = random.Next(8) == 0;
            var observed = goesAhead ? issued + random.Next(1, 4) : Math.Max(0, issued - random.Next(2));
            var site = Sites[random.Next(Sites.Length)];
            trace.Add($"{prefix}report {id} site={site} observed={observed}");
            published.AddRange(h.Fleet.Report(Report(id, Labels(("site", site)), observed)).ToPublish);
            return (goesAhead && issued > 0 ? id : null, observed);
        }
        catch (IOException)
        {
            trace.Add("(refused)");
            return (null, 0);
        }
        finally
        {
            h.Store.FailNextCommits = 0;
        }
    }

    private static DeploymentSpec RandomDeployment(Random random)
    {
        var workloads = Enumerable.Range(0, 5).OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(n =>
        {
            var image = $"local/w{n}:{random.Next(2)}";
            return random.Next(3) == 0 ? Container($"w{n}", image, 8000 + random.Next(3) + (n * 10)) : Container($"w{n}", image);
        });
        var selector = random.Next(3) == 0 ? null : Labels(("site", Sites[random.Next(Sites.Length)]));
        return Deployment($"d{random.Next(5)}", selector, [.. workloads]);
    }

    private static void CheckInvariants(FleetHarness h, Dictionary<string, long> lastRevision, string where)
    {
        var deployments = h.Fleet.Deployments().Select(v => v.Deployment).OrderBy(d => d.Sequence).ToList();
        Assert.Equal(deployments.Count, deployments.Select(d => d.Sequence).Distinct().Count());
        foreach (var id in NodeIds)
        {
            var node = h.Fleet.Node(id);
            var issued = h.Fleet.IssuedFor(id);
            Assert.True(lastRevision[id] == (issued?.Revision ?? 0), $"{where}: {id} issued {issued?.Revision} but last published {lastRevision[id]}");
            if (node is null)
            {
                Assert.Null(issued);
                continue;
            }
            var expected = NodeComposer.Compose(node, deployments).Workloads;
            var actual = issued?.Workloads ?? ValueList<WorkloadSpec>.Empty;
            Assert.True(expected.Equals(actual), $"{where}: {id} has [{string.Join(",", Names(actual))}], composer says [{string.Join(",", Names(expected))}]");
            Assert.True(node.DesiredRevision == (issued?.Revision ?? 0), $"{where}: {id} node record says {node.DesiredRevision}, issued {issued?.Revision}");
            // Written behind: stored once no change is pending.
            if (issued is not null && h.Store.IssuedBehind == 0) Assert.Equal(issued, h.Store.StoredIssued[id]);
        }
        foreach (var view in h.Fleet.Deployments())
            Assert.Equal(view.Deployment, h.Store.StoredDeployments[view.Deployment.Name]);
        Assert.Equal(h.Fleet.Deployments().Count, h.Store.StoredDeployments.Count);
    }
}
