using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.Scheduling;

/// <summary>
/// The per-node checks of one request, each refusal text made once per distinct case: a filter
/// or a full fleet can refuse thousands of nodes that all say the same thing, and building those
/// strings was most of the planning time.
/// </summary>
internal sealed class ReasonCache(PlacementRequest request, FleetLedger ledger)
{
    private readonly Dictionary<string, string?> _arch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _runtime = new(StringComparer.Ordinal);
    private readonly Dictionary<(long, long, long, long, ulong), string> _capacity = [];
    private readonly PlacementSpec _spec = request.Placement;
    private readonly ResourceRequest _wants = request.Resources;

    /// <summary>Why the node's arch or runtime is not allowed, or null.</summary>
    public string? Ineligible(NodeIdentity identity)
    {
        if (_spec.Arch.Count > 0 && Check(_arch, _spec.Arch, identity.Arch, "arch") is { } arch) return arch;
        if (_spec.Runtimes.Count > 0 && Check(_runtime, _spec.Runtimes, identity.Runtime, "runtime") is { } runtime) return runtime;
        return null;
    }

    /// <summary>Why the node lacks room after the older deployments, or null; a dimension the node does not report is not checked.</summary>
    public string? Capacity(int node)
    {
        var freeMemory = ledger.FreeMemory(node);
        var freeCpu = ledger.FreeCpu(node);
        var memoryShort = _wants.MemoryBytes > 0 && freeMemory >= 0 && freeMemory < _wants.MemoryBytes;
        var cpuShort = _wants.CpuMillis > 0 && freeCpu >= 0 && freeCpu < _wants.CpuMillis;
        if (!memoryShort && !cpuShort) return null;

        var identity = ledger.Nodes[node].Identity;
        if (ledger.HolderBits(node) is not { } holders) return CapacityText(node, memoryShort, cpuShort);
        var key = (memoryShort ? freeMemory : -2, identity.MemoryBytes, cpuShort ? freeCpu : -2, identity.CpuMillis, holders);
        if (!_capacity.TryGetValue(key, out var text)) _capacity[key] = text = CapacityText(node, memoryShort, cpuShort);
        return text;
    }

    private string CapacityText(int node, bool memoryShort, bool cpuShort)
    {
        var identity = ledger.Nodes[node].Identity;
        var memory = memoryShort ? $"{PlacementText.Bytes(_wants.MemoryBytes)} memory, {Free(ledger.FreeMemory(node), identity.MemoryBytes, PlacementText.Bytes)}" : null;
        var cpu = cpuShort ? $"{PlacementText.Millis(_wants.CpuMillis)} cpu, {Free(ledger.FreeCpu(node), identity.CpuMillis, PlacementText.Millis)}" : null;
        var needs = memory is not null && cpu is not null ? $"needs {memory}, and {cpu}" : $"needs {memory ?? cpu}";
        var holders = ledger.Holders(node);
        return holders.Count == 0 ? needs : $"{needs} (older deployments: {string.Join(", ", holders)})";
    }

    /// <summary>"128Mi free", or "node has 256Mi" when nothing else is there: then the node is simply too small.</summary>
    private static string Free(long free, long capacity, Func<long, string> format) =>
        free == capacity ? $"node has {format(capacity)}" : $"{format(Math.Max(free, 0))} free";

    private static string? Check(Dictionary<string, string?> cache, IReadOnlyList<string> allowed, string value, string what)
    {
        if (cache.TryGetValue(value, out var known)) return known;
        // Case-insensitive: "ARM64" from one agent build and "arm64" in a spec mean the same machine.
        var ok = allowed.Any(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
        return cache[value] = ok ? null : $"{what} {(value.Length == 0 ? "(not reported)" : value)} not in {PlacementText.List(allowed)}";
    }
}
