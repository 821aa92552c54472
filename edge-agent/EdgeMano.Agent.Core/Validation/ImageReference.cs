using System.Text.RegularExpressions;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>
/// Checks container image references against a practical subset of the distribution reference
/// grammar: <c>[host[:port]/]path[:tag][@sha256:hex]</c>, lowercase path components.
/// Returns a reason, not just false, because "invalid reference format" alone helps nobody.
/// </summary>
public static partial class ImageReference
{
    private const int MaxNameLength = 255;

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathComponentRegex();

    [GeneratedRegex("^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostRegex();

    [GeneratedRegex("^[\\w][\\w.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestRegex();

    /// <summary>Null when <paramref name="reference"/> is valid, otherwise why it is not.</summary>
    public static string? Check(string reference)
    {
        if (reference.Length == 0) return "is empty";
        if (reference.Any(char.IsWhiteSpace)) return $"'{reference}' must not contain spaces";

        var name = reference;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            var digest = name[(at + 1)..];
            if (!DigestRegex().IsMatch(digest))
                return $"digest '{digest}' must be 'sha256:' followed by 64 lowercase hex digits";
            name = name[..at];
        }

        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            var tag = name[(colon + 1)..];
            if (tag.Length == 0) return $"'{reference}' ends with ':' but has no tag";
            if (!TagRegex().IsMatch(tag))
                return $"tag '{tag}' is invalid: use letters, digits, '_', '.' or '-' (not first), at most 128";
            name = name[..colon];
        }

        if (name.Length == 0) return $"'{reference}' has no repository name";
        if (name.Length > MaxNameLength) return $"repository name is longer than {MaxNameLength} characters";

        var components = name.Split('/');
        var first = 0;
        // As in Docker: the first component is a registry host when it looks like one.
        if (components.Length > 1 && (components[0].Contains('.') || components[0].Contains(':') || components[0] == "localhost"))
        {
            if (!HostRegex().IsMatch(components[0]))
                return $"registry host '{components[0]}' is invalid: expected host or host:port";
            first = 1;
        }
        for (var i = first; i < components.Length; i++)
        {
            var component = components[i];
            if (component.Length == 0) return $"'{reference}' has an empty path component (look for '//' or a trailing '/')";
            if (PathComponentRegex().IsMatch(component)) continue;
            if (PathComponentRegex().IsMatch(component.ToLowerInvariant()))
                return $"repository '{name}' must be lowercase ('{component}')";
            return $"repository path component '{component}' is invalid: use lowercase letters and digits separated by '.', '_', '__' or '-'";
        }
        return null;
    }
}
