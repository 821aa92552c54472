using EdgeMano.Agent.Store;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;
using LiteDB;

namespace EdgeMano.Plane.Store;

/// <summary>The plane's store: one LiteDB file, {stateDir}/plane.db, opened by one process only.</summary>
public sealed class LitePlaneStore : IPlaneStore, IDisposable
{
    public const string FileName = "plane.db";
    private const string Deployments = "deployments";
    private const string Nodes = "nodes";
    private const string Issued = "issued";
    private const string Events = "events";
    private const string Packages = "packages";
    private const string Meta = "meta";
    private const string IssuedBehindId = "issuedBehind";

    private readonly LiteFile _file;

    private LitePlaneStore(LiteFile file) => _file = file;

    public string FilePath => _file.FilePath;

    public static LitePlaneStore Open(string stateDir) =>
        new(LiteFile.Open(stateDir, FileName, "plane store", db => db.GetCollection(Events).EnsureIndex("node")));

    public PlaneSnapshot Load() => _file.Read("load the plane's state", db => new PlaneSnapshot(
        db.GetCollection(Deployments).FindAll().Select(PlaneBson.Deployment).ToList(),
        db.GetCollection(Nodes).FindAll().Select(PlaneBson.Node).ToList(),
        db.GetCollection(Issued).FindAll().Select(PlaneBson.Issued).ToList(),
        db.GetCollection(Packages).FindAll().Select(PlaneBson.Package).ToList())
    {
        IssuedBehind = IssuedBehindOf(db),
        NetworkServices = NetworkServiceBson.LoadAll(db),
        Rollouts = RolloutBson.LoadAll(db),
    });

    public void Commit(PlaneChange change)
    {
        if (change.UpsertDeployments.Count + change.DeleteDeployments.Count + change.Issued.Count + change.Nodes.Count
            + change.UpsertPackages.Count + change.DeletePackages.Count
            + change.UpsertNetworkServices.Count + change.DeleteNetworkServices.Count
            + change.UpsertRollouts.Count + change.DeleteRollouts.Count == 0 && change.IssuedBehindDelta == 0) return;
        var deployments = change.UpsertDeployments.Select(PlaneBson.Deployment).ToList();
        var issued = change.Issued.Select(PlaneBson.Issued).ToList();
        var nodes = change.Nodes.Select(PlaneBson.Node).ToList();
        var packages = change.UpsertPackages.Select(PlaneBson.Package).ToList();
        var services = change.UpsertNetworkServices.Select(NetworkServiceBson.Instance).ToList();
        var rollouts = change.UpsertRollouts.Select(RolloutBson.Record).ToList();
        _file.Write("save a change", db =>
        {
            UpsertAndDelete(db, Deployments, deployments, change.DeleteDeployments);
            if (issued.Count > 0) db.GetCollection(Issued).Upsert(issued);
            if (nodes.Count > 0) db.GetCollection(Nodes).Upsert(nodes);
            UpsertAndDelete(db, Packages, packages, change.DeletePackages);
            UpsertAndDelete(db, NetworkServiceBson.Collection, services, change.DeleteNetworkServices);
            UpsertAndDelete(db, RolloutBson.Collection, rollouts, change.DeleteRollouts);
            if (change.IssuedBehindDelta != 0)
            {
                var behind = Math.Max(0, IssuedBehindOf(db) + change.IssuedBehindDelta);
                db.GetCollection(Meta).Upsert(new BsonDocument { ["_id"] = IssuedBehindId, ["value"] = behind });
            }
        });
    }

    /// <summary>One collection's part of a change: deletes by name (through <see cref="PlaneBson.Key"/>), then upserts.</summary>
    private static void UpsertAndDelete(LiteDatabase db, string collection, IReadOnlyList<BsonDocument> upserts, IReadOnlyList<string> deletes)
    {
        if (upserts.Count + deletes.Count == 0) return;
        var documents = db.GetCollection(collection);
        foreach (var name in deletes) documents.Delete(PlaneBson.Key(name));
        if (upserts.Count > 0) documents.Upsert(upserts);
    }

    private static long IssuedBehindOf(LiteDatabase db) =>
        db.GetCollection(Meta).FindById(IssuedBehindId) is { } doc ? doc["value"].AsInt64 : 0;

    public void AppendEvents(IReadOnlyList<NodeEvent> events, int keepPerNode)
    {
        if (events.Count == 0) return;
        // The first of a (node, sequence) wins, within the batch and against what is stored: a QoS 1
        // redelivery stores nothing twice and never rewrites an event already shown.
        var documents = events.Select(PlaneBson.Event).DistinctBy(d => d["_id"].AsString, StringComparer.Ordinal).ToList();
        _file.Write("store events", db =>
        {
            var collection = db.GetCollection(Events);
            foreach (var document in documents)
            {
                if (collection.FindById(document["_id"]) is null) collection.Insert(document);
            }
            foreach (var node in events.Select(e => e.NodeId).Distinct()) Trim(collection, node, keepPerNode);
        });
    }

    public IReadOnlyList<NodeEvent> LoadEvents(string nodeId, int limit) => limit <= 0 ? [] : _file.Read("read events", db =>
        db.GetCollection(Events).Query()
            .Where(EventsOf(nodeId))
            .OrderByDescending("_id").Limit(limit).ToList()
            .Select(PlaneBson.Event).Reverse().ToList());

    public void Dispose() => _file.Dispose();

    /// <summary>
    /// One node's events as a range scan of the _id index. Not GTE AND LTE: LiteDB then scans the
    /// index for one bound (in its case-insensitive collation) and filters the other in binary
    /// order, and the two orders disagree ("^n1/.." sorts after "n1/9.." in one and before it in the other).
    /// </summary>
    private static BsonExpression EventsOf(string nodeId) =>
        Query.Between("_id", PlaneBson.EventId(nodeId, 0), PlaneBson.EventId(nodeId, long.MaxValue));

    private static void Trim(ILiteCollection<BsonDocument> collection, string node, int keep)
    {
        var inRange = EventsOf(node);
        var count = collection.Count(inRange);
        if (count <= keep) return;
        var oldest = collection.Query().Where(inRange).OrderBy("_id").Limit(count - keep).ToList();
        foreach (var doc in oldest) collection.Delete(doc["_id"]);
    }
}
