using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Scheduling;

namespace EdgeMano.Plane.Core.Tests.Scheduling;

/// <summary>Builders for nodes with identity and capacity, and placement requests.</summary>
internal static class Fleets
{
    public const long Mi = 1024L * 1024;

    public static NodeRecord Node(string id, string site = "a", string arch = "arm64", string runtime = "docker",
        long memoryMi = 1024, long cpuMillis = 4000, Presence presence = Presence.Online, params (string Key, string Value)[] extra) => new()
    {
        Id = id,
        Presence = presence,
        Identity = new NodeIdentity
        {
            Labels = new ValueMap(extra.Append(("site", site)).Where(l => l.Item2.Length > 0)
                .Select(l => new KeyValuePair<string, string>(l.Item1, l.Item2))),
            Arch = arch,
            Runtime = runtime,
            MemoryBytes = memoryMi * Mi,
            CpuMillis = cpuMillis,
        },
    };

    public static PlacementRequest Request(string name, PlacementSpec? spec = null, string site = "",
        long memoryMi = 0, long cpuMillis = 0, params string[] current) => new()
    {
        Deployment = name,
        Selector = site.Length == 0 ? ValueMap.Empty : new ValueMap([new("site", site)]),
        Placement = spec ?? PlacementSpec.Everywhere,
        Resources = new ResourceRequest(cpuMillis, memoryMi * Mi),
        CurrentNodes = new ValueList<string>(current),
    };

    public static ValueList<string> Values(params string[] items) => new(items);

    public static PlacementSpec Spread(int count, int cap = 0) => new() { Count = count, SpreadBy = "site", MaxPerSpreadValue = cap };

    public static DeploymentPlacement Only(PlacementPlan plan) => Assert.Single(plan.Deployments);

    public static string[] Nodes(DeploymentPlacement placement) => placement.Nodes.ToArray();
}
