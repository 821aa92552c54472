using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Output;

/// <summary>Tables for `packages list|get` and the one-line outcome of `packages onboard`.</summary>
internal static class PackageTables
{
    private static readonly string[] Header = ["NAME", "VERSION", "FORMAT", "PROVIDER", "VDUS", "USED-BY", "AGE"];
    private static readonly string[] VduHeader = ["VDU", "SOURCE", "WORKLOADS", "CONNECTION-POINTS"];

    public static string List(IReadOnlyList<PackageDto> packages, DateTimeOffset now) =>
        TextTable.Render(Header, packages.Select(p => (IReadOnlyList<string>)
        [
            p.Name,
            p.Version,
            TextTable.OrNone(p.Format),
            TextTable.OrNone(p.Provider),
            p.Vdus.Count.ToString(CultureInfo.InvariantCulture),
            Names(p.UsedBy),
            Ages.Since(p.OnboardedAt, now),
        ]));

    /// <summary>One version in detail: identity, who uses it, its VDUs, virtual links and notes.</summary>
    public static string Get(PackageDto p, DateTimeOffset now, Func<ProblemErrorDto, string> note)
    {
        var b = new StringBuilder();
        void Field(string name, string value) => b.Append(CultureInfo.InvariantCulture, $"{name + ":",-15}{value}\n");

        Field("Name", p.Name);
        Field("Version", p.Version);
        Field("Provider", TextTable.OrNone(p.Provider));
        Field("Format", string.IsNullOrEmpty(p.Container) ? TextTable.OrNone(p.Format) : $"{TextTable.OrNone(p.Format)} ({p.Container})");
        Field("Descriptor", TextTable.OrNone(p.DescriptorId));
        Field("Digest", TextTable.OrNone(p.Digest));
        Field("Size", NodeTables.Bytes(p.SizeBytes) + (p.SizeBytes >= 1024 ? "B" : " bytes"));
        Field("Onboarded", p.OnboardedAt is { } at ? $"{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z ({Ages.Since(at, now)} ago)" : "<unknown>");
        Field("Used by", p.UsedBy.Count == 0 ? "<none>" : string.Join(", ", p.UsedBy.Select(d => "deployment/" + d)));

        b.Append('\n');
        if (p.Vdus.Count == 0)
        {
            b.Append("VDUs:          <none>\n");
        }
        else
        {
            b.Append(TextTable.Render(VduHeader, p.Vdus.Select(v => (IReadOnlyList<string>)
            [
                v.Name,
                TextTable.OrNone(v.Source),
                Names(v.Workloads.Select(NameOf).ToList()),
                Names(v.ConnectionPoints.Select(NameOf).ToList()),
            ])));
        }
        b.Append('\n');
        Field("Virtual links", Names(p.VirtualLinks.Select(NameOf).ToList()));
        if (p.Notes.Count > 0)
        {
            b.Append("Notes:\n");
            foreach (var n in p.Notes) b.Append("  ").Append(note(n)).Append('\n');
        }
        return b.ToString();
    }

    /// <summary>`package edge-web 1.2.0 onboarded (digest sha256:...)`.</summary>
    public static string Outcome(PackageDto p, string verb) =>
        $"package {p.Name} {p.Version} {verb} (digest {TextTable.OrNone(p.Digest)})";

    /// <summary>"a,b" or &lt;none&gt;.</summary>
    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "<none>" : string.Join(',', names);

    /// <summary>A name sent as a string, or an object's "name".</summary>
    internal static string NameOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "?",
        JsonValueKind.Object when element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => n.GetString() ?? "?",
        _ => element.GetRawText(),
    };
}
