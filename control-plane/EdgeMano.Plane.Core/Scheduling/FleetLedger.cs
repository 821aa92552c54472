using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Scheduling;

/// <summary>Per node, the index of its spread value in <see cref="Values"/>; -1 when the node lacks the label.</summary>
internal sealed record SpreadIndex(int[] GroupOf, string[] Values);

/// <summary>
/// The fleet as one planning pass sees it: nodes sorted by id (so a node's index is also its
/// tie-break rank and no string compare runs inside a sort), and what the deployments placed so
/// far (the older ones) take from each node.
/// </summary>
internal sealed class FleetLedger
{
    private readonly long[] _usedCpu;
    private readonly long[] _usedMemory;
    private readonly ulong[] _holderBits;
    /// <summary>Per deployment placed so far (oldest first), which nodes it took: read only to name holders in a refusal.</summary>
    private readonly List<(string Deployment, bool[] On)> _placed = [];

    public FleetLedger(IReadOnlyCollection<NodeRecord> nodes)
    {
        Nodes = nodes.ToArray();
        var ids = Array.ConvertAll(Nodes, n => n.Id);
        Array.Sort(ids, Nodes, StringComparer.Ordinal); // keyed sort: no delegate per compare
        IndexOf = new Dictionary<string, int>(Nodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < Nodes.Length; i++) IndexOf[Nodes[i].Id] = i;
        _usedCpu = new long[Nodes.Length];
        _usedMemory = new long[Nodes.Length];
        _holderBits = new ulong[Nodes.Length];
    }

    public NodeRecord[] Nodes { get; }

    public Dictionary<string, int> IndexOf { get; }

    private readonly Dictionary<string, SpreadIndex> _spreads = new(StringComparer.Ordinal);

    /// <summary>Nodes grouped by their value of a label key, worked out once per key and pass (deployments mostly share "site").</summary>
    public SpreadIndex Spread(string key)
    {
        if (_spreads.TryGetValue(key, out var index)) return index;
        var groupOf = new int[Nodes.Length];
        var values = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Nodes.Length; i++)
        {
            var value = key.Length == 0 ? "" : Nodes[i].Identity.Labels.GetValueOrDefault(key);
            if (value is null) { groupOf[i] = -1; continue; }
            if (!ids.TryGetValue(value, out var id)) { ids[value] = id = values.Count; values.Add(value); }
            groupOf[i] = id;
        }
        return _spreads[key] = new SpreadIndex(groupOf, values.ToArray());
    }

    /// <summary>The given node ids as a per-index flag; ids not in the fleet are ignored (the node was removed).</summary>
    public bool[] Mark(IEnumerable<string> ids)
    {
        var marked = new bool[Nodes.Length];
        foreach (var id in ids)
        {
            if (IndexOf.TryGetValue(id, out var i)) marked[i] = true;
        }
        return marked;
    }

    /// <summary>Free memory, or -1 when the node reports no capacity (unknown: never refused, ranked after known room).</summary>
    public long FreeMemory(int node) =>
        Nodes[node].Identity.MemoryBytes <= 0 ? -1 : Nodes[node].Identity.MemoryBytes - _usedMemory[node];

    public long FreeCpu(int node) =>
        Nodes[node].Identity.CpuMillis <= 0 ? -1 : Nodes[node].Identity.CpuMillis - _usedCpu[node];

    /// <summary>Deployments already charged on the node, oldest first (named in capacity refusals).</summary>
    public IReadOnlyList<string> Holders(int node) => _placed.Where(p => p.On[node]).Select(p => p.Deployment).ToList();

    /// <summary>
    /// Which of the first 64 deployments hold the node, as bits; null past 64. Nodes with the same
    /// size, use and holders get the same refusal text, so the text is made once per key.
    /// </summary>
    public ulong? HolderBits(int node) => _placed.Count <= 64 ? _holderBits[node] : null;

    public void Charge(string deployment, IReadOnlyList<int> nodes, ResourceRequest request)
    {
        var on = new bool[Nodes.Length];
        var bit = _placed.Count < 64 ? 1UL << _placed.Count : 0;
        foreach (var node in nodes)
        {
            _usedCpu[node] += request.CpuMillis;
            _usedMemory[node] += request.MemoryBytes;
            _holderBits[node] |= bit;
            on[node] = true;
        }
        _placed.Add((deployment, on));
    }
}
