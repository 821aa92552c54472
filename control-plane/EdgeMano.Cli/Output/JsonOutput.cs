using System.Text.Encodings.Web;
using System.Text.Json;

namespace EdgeMano.Cli.Output;

/// <summary>The plane's JSON, re-indented for people (keys and order as the plane sent them).</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        // A terminal is not an HTML page: keep quotes, '<', '+' and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Reindent(byte[] json)
    {
        using var document = Parse(json);
        return Write(document.RootElement.WriteTo);
    }

    /// <summary>Writes JSON with the CLI's indentation through <paramref name="write"/>.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented)) write(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static JsonDocument Parse(byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw CliException.Failure($"the plane's answer is not JSON: {ex.Message}");
        }
    }
}
