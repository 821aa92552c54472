using LiteDB;
using Google.Protobuf;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Store.Mapping;

/// <summary>
/// The desired state as stored: its protobuf bytes, so what the agent acknowledges is byte for byte
/// what it keeps, plus the revision as a separate (indexed) field for comparisons without parsing.
/// </summary>
internal static class DesiredStateBson
{
    public const string CurrentId = "current";

    public static BsonDocument ToDocument(Wire.DesiredState message) => new()
    {
        ["_id"] = CurrentId,
        ["revision"] = message.Revision,
        ["proto"] = message.ToByteArray(),
    };

    public static long Revision(BsonDocument document) => new BsonReading(document, "desired state").Int64("revision");

    public static Wire.DesiredState FromDocument(BsonDocument document) =>
        Wire.DesiredState.Parser.ParseFrom(new BsonReading(document, "desired state").Binary("proto"));
}
