using LiteDB;
using LiteDB.Engine;

namespace EdgeMano.Agent.Store;

/// <summary>
/// The few collection operations the agent's store needs, on the engine itself: each does what
/// LiteCollection&lt;BsonDocument&gt; does for it (same queries, same auto-id), so files written
/// either way are the same. See <see cref="LiteFile"/> for why the agent avoids LiteDatabase.
/// </summary>
internal static class LiteEngineDocuments
{
    /// <summary>The auto-id LiteDatabase.GetCollection(name) gives; every document here carries its own _id.</summary>
    private const BsonAutoId AutoId = BsonAutoId.ObjectId;

    public static BsonDocument? FindById(this ILiteEngine engine, string collection, BsonValue id)
    {
        var query = new Query();
        query.Where.Add(BsonExpression.Create("_id = @0", id));
        return engine.Documents(collection, query).FirstOrDefault();
    }

    /// <summary>Every document, in _id order.</summary>
    public static List<BsonDocument> FindAll(this ILiteEngine engine, string collection) => engine.Documents(collection, new Query());

    /// <summary>The first <paramref name="limit"/> documents in _id order.</summary>
    public static List<BsonDocument> FindFirst(this ILiteEngine engine, string collection, int limit)
    {
        var query = Query.All();
        query.Limit = limit;
        return engine.Documents(collection, query);
    }

    public static int Count(this ILiteEngine engine, string collection)
    {
        var query = new Query { Select = BsonExpression.Create("{ count: COUNT(*) }") };
        return engine.Documents(collection, query).Single()["count"].AsInt32;
    }

    public static void Insert(this ILiteEngine engine, string collection, IEnumerable<BsonDocument> documents) =>
        engine.Insert(collection, documents, AutoId);

    public static void Upsert(this ILiteEngine engine, string collection, params IEnumerable<BsonDocument> documents) =>
        engine.Upsert(collection, documents, AutoId);

    private static List<BsonDocument> Documents(this ILiteEngine engine, string collection, Query query)
    {
        var documents = new List<BsonDocument>();
        using var reader = engine.Query(collection, query);
        while (reader.Read()) documents.Add(reader.Current.AsDocument);
        return documents;
    }
}
