using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Scheduling;

/// <summary>
/// Chooses the nodes of every deployment in one pass, oldest deployment first, so an older
/// deployment's claim on a node's capacity is never taken by a newer one. Pure and deterministic:
/// the same requests and fleet give the same plan.
/// </summary>
/// <remarks>
/// Rules, in order:
/// <list type="number">
/// <item>Eligible = selector matches, arch and runtime allowed, the spread label present (when
/// spreading), and room left after the older deployments chosen on the node. A node reporting 0
/// for a capacity is not checked in that dimension (a note says so).</item>
/// <item>Sticky: a node that runs the deployment and is still eligible keeps it, so a node joining
/// never reshuffles running copies. Offline nodes stay eligible: an edge node comes back.</item>
/// <item>A lowered cap drops the least preferred copies of an over-full spread value; a lowered
/// count drops from the most crowded spread values first.</item>
/// <item>Missing copies go, one at a time, to: an online node first, then the spread value with the
/// fewest copies, then the node with the most free memory, then the lowest node id.</item>
/// </list>
/// Workload-name and host-port clashes stay <see cref="Placement.NodeComposer"/>'s concern.
/// </remarks>
public static class PlacementPlanner
{
    /// <param name="requests">Oldest first (creation order).</param>
    public static PlacementPlan Plan(IReadOnlyList<PlacementRequest> requests, IReadOnlyCollection<NodeRecord> nodes)
    {
        var ledger = new FleetLedger(nodes);
        var placements = new List<DeploymentPlacement>(requests.Count);
        foreach (var request in requests) placements.Add(PlanOne(request, ledger));
        return new PlacementPlan(new ValueList<DeploymentPlacement>(placements));
    }

    private static DeploymentPlacement PlanOne(PlacementRequest request, FleetLedger ledger)
    {
        var spec = request.Placement;
        var current = ledger.Mark(request.CurrentNodes);
        var spread = ledger.Spread(spec.SpreadBy);
        var groups = new SpreadGroup?[spread.Values.Length];
        var refused = new List<(int Node, string Reason)>(); // in node order, as scanned
        var capped = new List<(int Node, string Reason)>();
        var reasons = new ReasonCache(request, ledger);
        var wantsOrder = spec.Count > 0 || spec.MaxPerSpreadValue > 0;
        var selector = request.Selector.ToArray(); // enumerating the immutable map per node costs more than the whole check
        int matched = 0, total = 0;

        for (var i = 0; i < ledger.Nodes.Length; i++)
        {
            if (!Matches(selector, ledger.Nodes[i].Identity.Labels)) continue;
            matched++;
            if ((reasons.Ineligible(ledger.Nodes[i].Identity) ?? Unspread(spec, spread.GroupOf[i]) ?? reasons.Capacity(i)) is { } problem)
            {
                refused.Add((i, problem));
                continue;
            }
            var group = groups[spread.GroupOf[i]] ??= new SpreadGroup(spread.Values[spread.GroupOf[i]]);
            if (current[i])
            {
                group.Chosen.Add(i);
                total++;
            }
            else
            {
                group.Fresh.Add((i, wantsOrder ? PickKey.Of(ledger, i) : default));
            }
        }

        var present = groups.OfType<SpreadGroup>().ToList();
        foreach (var group in present)
        {
            var over = SpreadPicker.Cap(group, spec.MaxPerSpreadValue, ledger);
            total -= over.Count;
            capped.AddRange(over.Select(node => (node, CapReason(spec, group))));
        }
        var wanted = spec.Count > 0 ? spec.Count : int.MaxValue;
        if (spec.Count > 0) SpreadPicker.Trim(present, ref total, spec.Count, ledger);
        if (wantsOrder) SpreadPicker.Fill(present, ref total, wanted, spec.MaxPerSpreadValue);
        else TakeAll(present, ref total);
        if (total < wanted) RejectCapped(spec, present, capped);
        var rejections = InNodeOrder(refused, capped, request.Deployment, ledger);

        var chosen = new List<int>(total);
        foreach (var group in present) chosen.AddRange(group.Chosen);
        chosen.Sort();
        ledger.Charge(request.Deployment, chosen, request.Resources);

        var missing = spec.Count > 0 ? total < spec.Count : total == 0;
        return new DeploymentPlacement
        {
            Deployment = request.Deployment,
            Nodes = new ValueList<string>(chosen.Select(i => ledger.Nodes[i].Id)),
            Wanted = spec.Count,
            Shortfall = missing ? PlacementText.Shortfall(request, total, matched, rejections) : "",
            Rejections = new ValueList<NodeRejection>(rejections),
            Notes = new ValueList<string>(Notes(request, ledger, chosen)),
        };
    }

    /// <summary>
    /// Like Kubernetes topology spread: a node without the key has no place in the count, so it
    /// cannot be used without possibly breaking the operator's cap.
    /// </summary>
    private static string? Unspread(PlacementSpec spec, int group) =>
        group < 0 ? $"has no label '{spec.SpreadBy}' to spread by" : null;

    private static void TakeAll(IEnumerable<SpreadGroup> groups, ref int total)
    {
        foreach (var group in groups)
        {
            foreach (var (node, _) in group.Fresh) group.Chosen.Add(node);
            total += group.Fresh.Count;
            group.Fresh.Clear();
        }
    }

    /// <summary>Eligible nodes left out only because their spread value is full: worth naming when copies are missing.</summary>
    /// <summary>Both refusal lists merged by node id, like every other node list the operator sees (the scanned one is in order already).</summary>
    private static List<NodeRejection> InNodeOrder(List<(int Node, string Reason)> scanned, List<(int Node, string Reason)> capped, string deployment, FleetLedger ledger)
    {
        var merged = new List<NodeRejection>(scanned.Count + capped.Count);
        if (capped.Count == 0)
        {
            foreach (var (node, reason) in scanned) merged.Add(new(deployment, ledger.Nodes[node].Id, reason));
            return merged;
        }
        // Thousands of capped nodes come out of heaps unordered: placing them by index beats sorting.
        var reasons = new string?[ledger.Nodes.Length];
        foreach (var (node, reason) in scanned) reasons[node] = reason;
        foreach (var (node, reason) in capped) reasons[node] = reason;
        for (var i = 0; i < reasons.Length; i++)
        {
            if (reasons[i] is { } reason) merged.Add(new(deployment, ledger.Nodes[i].Id, reason));
        }
        return merged;
    }

    private static void RejectCapped(PlacementSpec spec, IEnumerable<SpreadGroup> groups, List<(int Node, string Reason)> refused)
    {
        var cap = spec.MaxPerSpreadValue;
        if (cap == 0) return;
        foreach (var group in groups)
        {
            if (group.Chosen.Count < cap) continue;
            string? reason = null;
            foreach (var node in group.Left) refused.Add((node, reason ??= CapReason(spec, group)));
        }
    }

    private static string CapReason(PlacementSpec spec, SpreadGroup group) =>
        $"spread cap reached: {spec.SpreadBy}={group.Value} already has {spec.MaxPerSpreadValue} (max {spec.MaxPerSpreadValue})";

    private static IEnumerable<string> Notes(PlacementRequest request, FleetLedger ledger, List<int> chosen)
    {
        if (request.Resources.MemoryBytes > 0 && Unknown(chosen, i => ledger.Nodes[i].Identity.MemoryBytes <= 0, ledger) is { Count: > 0 } memory)
            yield return PlacementText.UncheckedCapacity("memory", memory);
        if (request.Resources.CpuMillis > 0 && Unknown(chosen, i => ledger.Nodes[i].Identity.CpuMillis <= 0, ledger) is { Count: > 0 } cpu)
            yield return PlacementText.UncheckedCapacity("cpu", cpu);
    }

    private static List<string> Unknown(List<int> chosen, Func<int, bool> unknown, FleetLedger ledger) =>
        chosen.Where(unknown).Select(i => ledger.Nodes[i].Id).ToList();

    /// <summary><see cref="LabelSelector.Matches"/> over a selector already taken out of its map.</summary>
    private static bool Matches(KeyValuePair<string, string>[] selector, ValueMap labels)
    {
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        }
        return true;
    }
}
