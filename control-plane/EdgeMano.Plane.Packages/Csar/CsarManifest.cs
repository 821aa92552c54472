using System.Globalization;
using EdgeMano.Plane.Packages.Descriptors;
using EdgeMano.Plane.Packages.Validation;

namespace EdgeMano.Plane.Packages.Csar;

/// <summary>
/// A SOL004 manifest (.mf, §4.3.2–4.3.6): a <c>metadata:</c> block (vnf_product_name,
/// vnf_provider_id, vnf_package_version, vnf_release_date_time, ...), then one block per artifact
/// (Source / Algorithm / Hash, optionally Signature / Certificate), an optional
/// <c>non_mano_artifact_sets:</c> block and an optional CMS signature.
/// </summary>
internal sealed class CsarManifest
{
    private static readonly string[] VnfMetadata = ["vnf_provider_id", "vnf_product_name", "vnf_release_date_time", "vnf_package_version"];
    private static readonly string[] OptionalMetadata = ["compatible_specification_versions", "vnfm_info", "vnfd_id"];
    private static readonly string[] ArtifactKeys = ["Source", "Algorithm", "Hash", "Signature", "Certificate"];

    private readonly Dictionary<string, KeyValueLine> _metadata = new(StringComparer.Ordinal);

    private CsarManifest(string path) => Path = path;

    public string Path { get; }

    public List<ListedArtifact> Artifacts { get; } = [];

    public KeyValueLine? Metadata(string key) => _metadata.GetValueOrDefault(key);

    public static CsarManifest? Read(ReadContext context, string path)
    {
        var text = context.Files.Text(path, out var problem);
        if (text is null)
        {
            context.Error(path, problem!);
            return null;
        }
        var manifest = new CsarManifest(path);
        var sawMetadata = false;
        foreach (var block in KeyValueBlocks.Parse(text))
        {
            var head = block[0];
            if (head.Key.Length == 0 && head.Value.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                context.Note(path, "the manifest's CMS signature is not verified (EdgeMano checks the artifact digests only)", "", head.Line, 1);
                continue;
            }
            switch (head.Key.Trim())
            {
                case "metadata" when head.Value.Length == 0:
                    sawMetadata = true;
                    manifest.ReadMetadata(context, block);
                    break;
                case "non_mano_artifact_sets" when head.Value.Length == 0:
                    break; // names groups of files that are listed again as Source entries
                case "Source":
                    manifest.ReadArtifact(context, block);
                    break;
                default:
                    context.Error(path, head.Key.Length == 0
                        ? $"expected 'metadata:', 'Source: <file>' or 'non_mano_artifact_sets:', got '{head.Value}'"
                        : $"unexpected '{head.Key.Trim()}' here: a block starts with 'metadata:', 'Source:' or 'non_mano_artifact_sets:'",
                        head.Key.Trim(), head.Line, 1);
                    break;
            }
        }
        if (!sawMetadata) context.Error(path, "the 'metadata:' block is missing (vnf_provider_id, vnf_product_name, vnf_release_date_time, vnf_package_version)", "metadata", 1, 1);
        return manifest;
    }

    private void ReadMetadata(ReadContext context, List<KeyValueLine> block)
    {
        foreach (var line in block.Skip(1))
        {
            var key = line.Key.Trim();
            if (key.Length == 0)
            {
                context.Error(Path, $"expected 'name: value' in the metadata block, got '{line.Value}'", "metadata", line.Line, 1);
                continue;
            }
            if (!VnfMetadata.Contains(key) && !OptionalMetadata.Contains(key))
            {
                context.Error(Path, $"unknown metadata '{key}'{Agent.Core.Yaml.Suggestions.DidYouMean(key, VnfMetadata.Concat(OptionalMetadata))}",
                    "metadata." + key, line.Line, line.Key.Length - key.Length + 1);
                continue;
            }
            if (!_metadata.TryAdd(key, line))
                context.Error(Path, $"'{key}' is given twice", "metadata." + key, line.Line, 1);
        }
        foreach (var key in VnfMetadata.Where(k => !_metadata.ContainsKey(k)))
            context.Error(Path, $"required metadata '{key}' is missing", "metadata." + key, block[0].Line, 1);
        if (Metadata("vnf_release_date_time") is { } date && !IsIsoDateTime(date.Value))
            context.Error(Path, $"'{date.Value}' is not an ISO 8601 date and time like 2024-05-01T10:00:00+00:00", "metadata.vnf_release_date_time", date.Line, date.ValueColumn);
        if (Metadata("vnf_package_version") is { } version && Versions.Check(version.Value) is { } problem)
            context.Error(Path, problem, "metadata.vnf_package_version", version.Line, version.ValueColumn);
    }

    private void ReadArtifact(ReadContext context, List<KeyValueLine> block)
    {
        var fields = new Dictionary<string, KeyValueLine>(StringComparer.Ordinal);
        foreach (var line in block)
        {
            var key = line.Key.Trim();
            if (!ArtifactKeys.Contains(key))
            {
                context.Error(Path, $"unexpected '{(key.Length == 0 ? line.Value : key)}' in an artifact entry; expected {string.Join(", ", ArtifactKeys)}", key, line.Line, 1);
                continue;
            }
            if (!fields.TryAdd(key, line))
                context.Error(Path, $"'{key}' is given twice in one entry (a blank line must separate entries)", key, line.Line, 1);
        }
        Artifacts.Add(new ListedArtifact(Path, fields["Source"], fields.GetValueOrDefault("Algorithm"), fields.GetValueOrDefault("Hash")));
    }

    private static bool IsIsoDateTime(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
}
