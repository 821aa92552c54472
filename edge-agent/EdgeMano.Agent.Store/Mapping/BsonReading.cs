using LiteDB;

namespace EdgeMano.Agent.Store.Mapping;

/// <summary>
/// Typed reads from a stored document. A missing or mistyped field means the file was damaged or
/// written by an incompatible version, so it throws naming the document and field instead of
/// returning a silent default.
/// </summary>
internal readonly struct BsonReading(BsonDocument document, string what)
{
    public string String(string field) => Get(field, BsonType.String).AsString;

    public int Int32(string field) => Get(field, BsonType.Int32).AsInt32;

    public long Int64(string field) => Get(field, BsonType.Int64).AsInt64;

    public byte[] Binary(string field) => Get(field, BsonType.Binary).AsBinary;

    public int? NullableInt32(string field) => IsNull(field) ? null : Int32(field);

    /// <summary>Times are stored as UTC ticks: exact to 100 ns and independent of the local zone.</summary>
    public DateTimeOffset Time(string field) => new(Int64(field), TimeSpan.Zero);

    public DateTimeOffset? NullableTime(string field) => IsNull(field) ? null : Time(field);

    public TEnum Enum<TEnum>(string field) where TEnum : struct, System.Enum
    {
        var text = String(field);
        return System.Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw Damaged($"field '{field}' has unknown value '{text}'");
    }

    private bool IsNull(string field) =>
        !document.TryGetValue(field, out var value) ? throw Damaged($"field '{field}' is missing") : value.IsNull;

    private BsonValue Get(string field, BsonType type)
    {
        if (!document.TryGetValue(field, out var value)) throw Damaged($"field '{field}' is missing");
        return value.Type == type ? value : throw Damaged($"field '{field}' is {value.Type}, expected {type}");
    }

    private InvalidDataException Damaged(string detail) => new($"{what}: {detail}");
}

internal static class BsonWriting
{
    public static BsonValue Time(DateTimeOffset time) => new(time.UtcTicks);

    public static BsonValue Time(DateTimeOffset? time) => time is { } t ? new BsonValue(t.UtcTicks) : BsonValue.Null;

    public static BsonValue Int32(int? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;
}
