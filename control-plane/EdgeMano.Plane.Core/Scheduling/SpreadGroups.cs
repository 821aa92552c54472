using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Scheduling;

/// <summary>
/// Order of preference for a new pick: online (or not yet known) before offline, more free memory
/// (unknown after any known amount), then node id (its index in the id-sorted ledger).
/// </summary>
internal readonly record struct PickKey(int Offline, long NegativeFreeMemory, int Rank) : IComparable<PickKey>
{
    public static PickKey Of(FleetLedger ledger, int node)
    {
        var free = ledger.FreeMemory(node);
        return new(ledger.Nodes[node].Presence == Presence.Offline ? 1 : 0, free >= 0 ? -free : 1, node);
    }

    public int CompareTo(PickKey other)
    {
        var c = Offline.CompareTo(other.Offline);
        if (c != 0) return c;
        c = NegativeFreeMemory.CompareTo(other.NegativeFreeMemory);
        return c != 0 ? c : Rank.CompareTo(other.Rank);
    }
}

/// <summary>Eligible nodes of one value of the spread label: those that run the deployment now, and the rest.</summary>
internal sealed class SpreadGroup(string value)
{
    private PriorityQueue<int, PickKey>? _queue;

    public string Value { get; } = value;
    /// <summary>Nodes that keep (or were given) the deployment; the count the spread rules look at.</summary>
    public List<int> Chosen { get; } = [];
    /// <summary>Other eligible nodes, in scan order.</summary>
    public List<(int Node, PickKey Key)> Fresh { get; } = [];

    /// <summary>
    /// The fresh nodes as a heap, built in O(n) on first use: a count of 3 out of 10,000 nodes needs
    /// three pops, not a sort (sorting every group was half the planning time).
    /// </summary>
    public PriorityQueue<int, PickKey> Queue => _queue ??= new PriorityQueue<int, PickKey>(Fresh);

    public bool HasFresh => Queue.Count > 0;

    /// <summary>Fresh nodes not taken (any order).</summary>
    public IEnumerable<int> Left => _queue is null ? Fresh.Select(f => f.Node) : _queue.UnorderedItems.Select(f => f.Element);
}

/// <summary>
/// The spread rules over groups: fill picks the next node from the group with the fewest copies
/// (ties: the better head node), trim drops from the most crowded group its least preferred node.
/// Both run on a heap of groups, so 10,000 nodes spread by hostname stay O(n log n).
/// </summary>
internal static class SpreadPicker
{
    /// <summary>Adds nodes until <paramref name="wanted"/> copies or no group may take one more (cap 0 = none).</summary>
    public static void Fill(IEnumerable<SpreadGroup> groups, ref int total, int wanted, int cap)
    {
        var heap = new PriorityQueue<SpreadGroup, (int Offline, int Count, long NegFree, int Rank)>();
        foreach (var group in groups)
        {
            if (!group.HasFresh) continue;
            if (cap == 0 || group.Chosen.Count < cap) heap.Enqueue(group, Head(group));
        }
        while (total < wanted && heap.TryDequeue(out var group, out _))
        {
            group.Chosen.Add(group.Queue.Dequeue());
            total++;
            if (group.HasFresh && (cap == 0 || group.Chosen.Count < cap)) heap.Enqueue(group, Head(group));
        }
    }

    /// <summary>Drops chosen nodes (returned) until at most <paramref name="keep"/> remain, most crowded group first.</summary>
    public static List<int> Trim(IEnumerable<SpreadGroup> groups, ref int total, int keep, FleetLedger ledger)
    {
        var dropped = new List<int>();
        if (total <= keep) return dropped;
        // Max-heap on (count, worst node): the comparer inverts both.
        var heap = new PriorityQueue<SpreadGroup, (int Count, PickKey Worst)>(
            Comparer<(int Count, PickKey Worst)>.Create((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : b.Worst.CompareTo(a.Worst)));
        foreach (var group in groups)
        {
            if (group.Chosen.Count == 0) continue;
            SortChosen(group, ledger);
            heap.Enqueue(group, (group.Chosen.Count, PickKey.Of(ledger, group.Chosen[^1])));
        }
        while (total > keep && heap.TryDequeue(out var group, out _))
        {
            dropped.Add(group.Chosen[^1]);
            group.Chosen.RemoveAt(group.Chosen.Count - 1);
            total--;
            if (group.Chosen.Count > 0) heap.Enqueue(group, (group.Chosen.Count, PickKey.Of(ledger, group.Chosen[^1])));
        }
        return dropped;
    }

    /// <summary>Drops from one group the least preferred chosen nodes above the cap (the cap was lowered).</summary>
    public static List<int> Cap(SpreadGroup group, int cap, FleetLedger ledger)
    {
        if (cap == 0 || group.Chosen.Count <= cap) return [];
        SortChosen(group, ledger);
        var over = group.Chosen.GetRange(cap, group.Chosen.Count - cap);
        group.Chosen.RemoveRange(cap, group.Chosen.Count - cap);
        return over;
    }

    private static void SortChosen(SpreadGroup group, FleetLedger ledger) =>
        group.Chosen.Sort((a, b) => PickKey.Of(ledger, a).CompareTo(PickKey.Of(ledger, b)));

    private static (int, int, long, int) Head(SpreadGroup group)
    {
        group.Queue.TryPeek(out _, out var key);
        return (key.Offline, group.Chosen.Count, key.NegativeFreeMemory, key.Rank);
    }
}
