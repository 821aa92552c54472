namespace EdgeMano.Agent.Store;

/// <summary>Names inside agent.db. Changing one orphans existing data: add a migration instead.</summary>
internal static class StoreSchema
{
    public const string FileName = "agent.db";

    /// <summary>One document, id "current": { revision, proto }.</summary>
    public const string Desired = "desired";

    /// <summary>One document per workload, id = workload name.</summary>
    public const string Records = "records";

    /// <summary>Undelivered events, id = sequence.</summary>
    public const string Outbox = "outbox";

    /// <summary>Counters that must survive a restart, id "outbox": { nextSequence, dropped }.</summary>
    public const string Meta = "meta";
}
