using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.NetworkServices;
using EdgeMano.Plane.Core.Packages;
using LiteDB;

namespace EdgeMano.Plane.Store;

/// <summary>Network service instances as BSON documents (collection "networkServices", keyed by instance name).</summary>
internal static class NetworkServiceBson
{
    public const string Collection = "networkServices";

    public static BsonDocument Instance(NsInstance n) => new()
    {
        ["_id"] = PlaneBson.Key(n.Name),
        ["name"] = n.Name,
        ["nsdName"] = n.Nsd.Name,
        ["nsdVersion"] = n.Nsd.Version,
        ["nsdDigest"] = n.NsdDigest,
        ["selector"] = new BsonArray(n.Selector.Select(p => (BsonValue)new BsonArray { p.Key, p.Value })),
        ["node"] = n.Node,
        ["cnfs"] = new BsonArray(n.Cnfs.Select(c => (BsonValue)new BsonDocument
        {
            ["name"] = c.Name, ["packageName"] = c.Package.Name, ["packageVersion"] = c.Package.Version, ["deployment"] = c.Deployment,
        })),
        ["links"] = new BsonArray(n.Links.Select(l => (BsonValue)new BsonDocument
        {
            ["name"] = l.Name, ["network"] = l.Network, ["members"] = new BsonArray(l.Members.Select(m => new BsonValue(m))),
        })),
        ["createdAt"] = n.CreatedAt.UtcTicks,
    };

    public static NsInstance Instance(BsonDocument doc) => new()
    {
        Name = doc["name"].AsString,
        Nsd = new PackageRef(doc["nsdName"].AsString, doc["nsdVersion"].AsString),
        NsdDigest = doc["nsdDigest"].AsString,
        Selector = new ValueMap(doc["selector"].AsArray.Select(p => new KeyValuePair<string, string>(p.AsArray[0].AsString, p.AsArray[1].AsString))),
        Node = doc["node"].AsString,
        Cnfs = new ValueList<NsInstanceCnf>(doc["cnfs"].AsArray.Select(c => new NsInstanceCnf(
            c["name"].AsString, new PackageRef(c["packageName"].AsString, c["packageVersion"].AsString), c["deployment"].AsString))),
        Links = new ValueList<NsInstanceLink>(doc["links"].AsArray.Select(l => new NsInstanceLink(
            l["name"].AsString, l["network"].AsString, new ValueList<string>(l["members"].AsArray.Select(m => m.AsString))))),
        CreatedAt = new DateTimeOffset(doc["createdAt"].AsInt64, TimeSpan.Zero),
    };

    public static List<NsInstance> LoadAll(LiteDatabase db) => db.GetCollection(Collection).FindAll().Select(Instance).ToList();
}
