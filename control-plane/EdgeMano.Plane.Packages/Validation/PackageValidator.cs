using System.Globalization;
using System.Text.RegularExpressions;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Validation;

/// <summary>
/// Runs the agent's workload rules over every workload of the package at once — as if one node
/// ran the whole CNF — so names, images, resources, probes, duplicate names and host-port clashes
/// inside the package are judged exactly as the agent will judge them. Each finding is located in
/// the document the workload came from (a VNFD's sw_image file, a CP's port, an own-format field).
/// </summary>
internal static partial class PackageValidator
{
    [GeneratedRegex(@"^workloads\[(\d+)\]\.?(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkloadPath();

    [GeneratedRegex(@"workloads\[(\d+)\]((?:\.[A-Za-z]+|\[\d+\])*)", RegexOptions.CultureInvariant)]
    private static partial Regex WorkloadMention();

    public static void Validate(ReadContext context)
    {
        var origins = context.Workloads;
        if (origins.Count == 0) return;
        var state = new DesiredState { NodeId = "package", Revision = 0, Workloads = new(origins.Select(o => o.Spec)) };
        var located = context.Errors.Select(e => (e.File, e.Path)).ToHashSet();
        foreach (var finding in DesiredStateValidator.Validate(state))
        {
            if (Resolve(origins, finding.Path) is not var (origin, at)) continue;
            // A field that could not be read was reported there already; its placeholder proves nothing.
            if (at.Unreadable || (at.Reader is not null && located.Contains((at.File, at.Path)))) continue;
            var message = WorkloadMention().Replace(finding.Message, m => Describe(origins, m));
            if (at.Reader is null) message = $"workload '{origin.Spec.Name}'{(at.Path.Length > 0 ? "" : Field(finding.Path))}: {message}";
            context.Add(at.Error(message));
            located.Add((at.File, at.Path));
        }
    }

    private static (WorkloadOrigin Origin, FieldLocation At)? Resolve(List<WorkloadOrigin> origins, string path)
    {
        var match = WorkloadPath().Match(path);
        if (!match.Success) return null;
        var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (index >= origins.Count) return null;
        var origin = origins[index];
        return (origin, origin.Locate(match.Groups[2].Value));
    }

    /// <summary>"workloads[1].ports[0]" in a message → "'web' (Definitions/vnfd.yaml:41)".</summary>
    private static string Describe(List<WorkloadOrigin> origins, Match mention)
    {
        var index = int.Parse(mention.Groups[1].Value, CultureInfo.InvariantCulture);
        if (index >= origins.Count) return mention.Value;
        var origin = origins[index];
        return $"'{origin.Spec.Name}' ({origin.Locate(mention.Groups[2].Value.TrimStart('.')).Describe()})";
    }

    private static string Field(string path) => WorkloadPath().Match(path) is { Success: true } m && m.Groups[2].Length > 0 ? $" {m.Groups[2].Value}" : "";
}
