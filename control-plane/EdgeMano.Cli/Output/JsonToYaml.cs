using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EdgeMano.Cli.Output;

/// <summary>
/// The same data as the plane's JSON, written as YAML: objects become mappings (keys in the
/// plane's order), arrays sequences, and every string that a YAML reader would take for something
/// else (true, 42, ~, a timestamp, "") is quoted so it reads back as the same string.
/// </summary>
internal static partial class JsonToYaml
{
    public static string Convert(byte[] json)
    {
        using var document = JsonOutput.Parse(json);
        return Convert(document.RootElement);
    }

    public static string Convert(JsonElement root)
    {
        using var text = new StringWriter();
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Write(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Write(IEmitter emitter, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var empty = !value.EnumerateObject().Any();
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, empty ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in value.EnumerateObject())
                {
                    emitter.Emit(String(property.Name));
                    Write(emitter, property.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                var none = value.GetArrayLength() == 0;
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, none ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in value.EnumerateArray()) Write(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                emitter.Emit(String(value.GetString() ?? ""));
                break;
            case JsonValueKind.Number:
                emitter.Emit(Plain(value.GetRawText()));
                break;
            case JsonValueKind.True:
                emitter.Emit(Plain("true"));
                break;
            case JsonValueKind.False:
                emitter.Emit(Plain("false"));
                break;
            default:
                emitter.Emit(Plain("null"));
                break;
        }
    }

    private static Scalar Plain(string text) =>
        new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    private static Scalar String(string text) =>
        new(AnchorName.Empty, TagName.Empty, text, NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true);

    /// <summary>True when a plain scalar with this text would read back as null, a bool, a number or a date (YAML 1.1 or 1.2).</summary>
    internal static bool NeedsQuotes(string text) => text.Length == 0 || NonString().IsMatch(text);

    // Reserved words of YAML 1.1 and 1.2, and anything that starts like a number (ints, floats,
    // hex/octal, sexagesimal 1:30, timestamps 2026-01-01...): quoting a few harmless strings such
    // as a hash starting with a digit costs nothing, reading "1:30" back as 90 would.
    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?\.?[0-9].*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex NonString();
}
