using System.CommandLine;
using System.Text.RegularExpressions;

namespace EdgeMano.Cli.Commands;

/// <summary>
/// Arguments shared by verbs, checked before anything is sent (a bad one is bad usage, exit 2):
/// names go into URL paths, so a name like ".." must never reach the plane as a path.
/// </summary>
internal static partial class Arguments
{
    public static Argument<string> NodeId(string description)
    {
        var argument = new Argument<string>("NODE") { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !IsNodeId(value))
                result.AddError($"node id '{value}' is not valid: letters, digits, '_', '.' and '-', starting with a letter or digit, at most 253 characters");
        });
        return argument;
    }

    public static Argument<string> DeploymentName(string description)
    {
        var argument = new Argument<string>("NAME") { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !IsDnsLabel(value))
                result.AddError($"deployment name '{value}' is not valid: {DnsLabelRule}");
        });
        return argument;
    }

    /// <summary>
    /// A package's name or version (PACKAGE / VERSION). Descriptors allow more than DNS labels
    /// (a SOL001 product_name may have spaces), so only what cannot be one path segment is refused.
    /// </summary>
    public static Argument<string> PackagePart(string name, string what, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && PathSegmentProblem(value) is { } problem)
                result.AddError($"package {what} '{value}' is not valid: {problem}");
        });
        return argument;
    }

    /// <summary>Why <paramref name="s"/> cannot be one URL path segment, or null.</summary>
    public static string? PathSegmentProblem(string s) =>
        s.Trim().Length == 0 ? "it is empty"
        : s is "." or ".." ? "'.' and '..' are not names"
        : s.Length > 253 ? "at most 253 characters"
        : s.Any(c => c is '/' or '\\' || char.IsControl(c)) ? "'/', '\\' and control characters are not allowed"
        : null;

    public const string DnsLabelRule = "a DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

    public static bool IsDnsLabel(string s) => s.Length <= 63 && DnsLabel().IsMatch(s);

    public static bool IsNodeId(string s) => s.Length <= 253 && NodeIdPattern().IsMatch(s);

    /// <summary>Checks a label selector "k=v,k2=v2" (empty parts are skipped, as the plane does); null when fine.</summary>
    public static string? SelectorProblem(string selector)
    {
        foreach (var part in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || part[..eq].Trim().Length == 0)
                return $"'{part}' is not k=v; expected k=v[,k2=v2...]";
        }
        return null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeIdPattern();
}
