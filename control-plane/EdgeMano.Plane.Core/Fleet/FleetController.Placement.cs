using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Placement;
using EdgeMano.Plane.Core.Scheduling;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>
/// Placement: which of the nodes a deployment's selector matches get it. A deployment with no
/// placement block and no resource limits goes on every matching node, decided per node as
/// before (no fleet-wide pass, so 10,000 nodes reporting in cost what they did). The others are
/// placed together by <see cref="PlacementPlanner"/>, oldest first, sticky to where they run.
/// </summary>
public sealed partial class FleetController
{
    private readonly ILogger _logger;
    /// <summary>Per planned deployment, the nodes the last plan chose: what composing reads, and what the next plan keeps.</summary>
    private readonly Dictionary<string, HashSet<string>> _chosen = new(StringComparer.Ordinal);
    /// <summary>Per planned deployment, the last plan's answer (reasons for the view).</summary>
    private readonly Dictionary<string, DeploymentPlacement> _placements = new(StringComparer.Ordinal);
    /// <summary>Log lines of a change, written once its commit succeeded (a refused change never happened).</summary>
    private readonly List<Action> _notices = [];

    /// <summary>Needs the fleet-wide planner: constraints or a copy count, or limits that must fit a node's capacity.</summary>
    internal static bool NeedsPlanner(DeploymentSpec spec)
    {
        if (!ReferenceEquals(spec.Placement, PlacementSpec.Everywhere) && !spec.Placement.Equals(PlacementSpec.Everywhere)) return true;
        foreach (var workload in spec.Workloads)
        {
            if (workload.Resources.Cpus > 0 || workload.Resources.MemoryBytes > 0) return true;
        }
        return false;
    }

    private List<Deployment> Ordered() => _deployments.Values.OrderBy(d => d.Sequence).ToList();

    /// <summary>Plans the planned deployments over the whole fleet; returns every deployment, oldest first, for composing.</summary>
    private List<Deployment> PlanPlacements()
    {
        var ordered = Ordered();
        var planned = ordered.Where(d => NeedsPlanner(d.Spec)).ToList();
        foreach (var gone in _placements.Keys.Where(name => !planned.Exists(d => d.Name == name)).ToList())
        {
            _placements.Remove(gone);
            _chosen.Remove(gone);
        }
        if (planned.Count == 0) return ordered;

        Dictionary<string, List<string>>? running = null;
        var requests = planned.Select(d => PlacementRequest.For(d, d.Spec.Placement,
            _chosen.TryGetValue(d.Name, out var on) ? on : (running ??= RunningNow()).GetValueOrDefault(d.Name) ?? [])).ToList();
        var plan = PlacementPlanner.Plan(requests, _nodes.Values);
        foreach (var placement in plan.Deployments)
        {
            Notice(_placements.GetValueOrDefault(placement.Deployment), placement);
            _placements[placement.Deployment] = placement;
            _chosen[placement.Deployment] = new HashSet<string>(placement.Nodes, StringComparer.Ordinal);
        }
        return ordered;
    }

    /// <summary>
    /// Where each deployment runs now, for one that has no plan yet (it just gained a placement
    /// block, or the plane restarted): the composed nodes, else what the nodes were last issued.
    /// </summary>
    private Dictionary<string, List<string>> RunningNow()
    {
        var running = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string deployment, string node)
        {
            if (!running.TryGetValue(deployment, out var list)) running[deployment] = list = [];
            if (list.Count == 0 || list[^1] != node) list.Add(node);
        }
        foreach (var node in _nodes.Keys)
        {
            if (_compositions.TryGetValue(node, out var composition))
            {
                foreach (var name in composition.Placed) Add(name, node);
            }
            else if (_issued.TryGetValue(node, out var issued))
            {
                foreach (var workload in issued.Workloads)
                {
                    if (workload.Labels.TryGetValue(NodeComposer.DeploymentLabel, out var name)) Add(name, node);
                }
            }
        }
        return running;
    }

    /// <summary>
    /// Plans again after one node's report and composes only the nodes whose planned deployments
    /// changed, plus the reporter: the others' deployments and compositions are as they were, and
    /// composing 10,000 nodes per report would make a fleet joining quadratic.
    /// </summary>
    private List<DesiredState> RecomposeMoved(string reporter, DateTimeOffset now)
    {
        var before = new Dictionary<string, HashSet<string>>(_chosen, StringComparer.Ordinal); // sets are replaced, never changed
        var ordered = PlanPlacements();
        var touched = new HashSet<string>(StringComparer.Ordinal) { reporter };
        foreach (var (name, after) in _chosen)
        {
            if (!before.Remove(name, out var old)) touched.UnionWith(after);
            else if (!old.SetEquals(after)) { touched.UnionWith(after.Except(old)); touched.UnionWith(old.Except(after)); }
        }
        foreach (var old in before.Values) touched.UnionWith(old);

        var issued = new List<DesiredState>();
        foreach (var id in touched.Order(StringComparer.Ordinal))
        {
            if (!_nodes.TryGetValue(id, out var node)) continue;
            _compositions[id] = Compose(node, ordered);
            if (IssueIfChanged(id, now, force: false) is { } state) issued.Add(state);
        }
        return issued;
    }

    private NodeComposition Compose(NodeRecord node, List<Deployment> ordered)
    {
        IEnumerable<Deployment> candidates = _chosen.Count == 0 ? ordered : ordered.Where(d => !_chosen.TryGetValue(d.Name, out var on) || on.Contains(node.Id));
        // During a rollout a node runs the old or the new workloads of the deployment, as the rollout says.
        if (_rolling.Count > 0) candidates = candidates.Select(d => AsRunOn(node.Id, d));
        return NodeComposer.Compose(node, candidates);
    }

    /// <summary>
    /// Whether a node's new report can move planned deployments: it is new or says something else
    /// about what placement reads (labels, arch, runtime, capacity), and a planned deployment's
    /// selector matches it before or after. Otherwise composing that one node is enough.
    /// </summary>
    private bool MovesPlacement(NodeRecord? before, NodeRecord after)
    {
        if (_chosen.Count == 0) return false;
        if (before is not null && SamePlacementInputs(before.Identity, after.Identity)) return false;
        foreach (var name in _chosen.Keys)
        {
            var selector = _deployments[name].Spec.Selector;
            if (LabelSelector.Matches(selector, after.Identity.Labels)) return true;
            if (before is not null && LabelSelector.Matches(selector, before.Identity.Labels)) return true;
        }
        return false;
    }

    private static bool SamePlacementInputs(NodeIdentity a, NodeIdentity b) =>
        a.Arch == b.Arch && a.Runtime == b.Runtime && a.CpuMillis == b.CpuMillis && a.MemoryBytes == b.MemoryBytes && a.Labels.Equals(b.Labels);

    /// <summary>
    /// Queues a log line when a deployment becomes short of nodes, its number of placed copies
    /// changes while short, or it is whole again: once per change, not once per recomposition.
    /// </summary>
    private void Notice(DeploymentPlacement? before, DeploymentPlacement after)
    {
        var wasShort = before is not null && before.Shortfall.Length > 0;
        var isShort = after.Shortfall.Length > 0;
        if (isShort && (!wasShort || before!.Nodes.Count != after.Nodes.Count))
            _notices.Add(() => FleetLog.CannotPlace(_logger, after.Deployment, after.Shortfall));
        else if (!isShort && wasShort)
            _notices.Add(() => FleetLog.FullyPlaced(_logger, after.Deployment, after.Nodes.Count));
    }

    private void WriteNotices()
    {
        foreach (var notice in _notices) notice();
        _notices.Clear();
    }

    /// <summary>
    /// The placement half of a deployment's view: the last plan's, or for a deployment that goes
    /// everywhere its selector matches, a shortfall only when nothing matches.
    /// </summary>
    private DeploymentPlacement PlacementOf(Deployment d, List<string> placed)
    {
        if (_placements.TryGetValue(d.Name, out var planned)) return planned;
        var result = new DeploymentPlacement { Deployment = d.Name, Nodes = new ValueList<string>(placed) };
        if (placed.Count > 0 || _nodes.Values.Any(n => LabelSelector.Matches(d.Spec.Selector, n.Identity.Labels))) return result;
        return result with { Shortfall = PlacementText.Shortfall(PlacementRequest.For(d, PlacementSpec.Everywhere, []), 0, 0, []) };
    }
}
