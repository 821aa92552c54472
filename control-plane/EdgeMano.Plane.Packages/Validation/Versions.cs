using System.Text.RegularExpressions;

namespace EdgeMano.Plane.Packages.Validation;

/// <summary>
/// Version strings of descriptors, packages and charts: dotted numbers ("1", "1.0", "2.3.1", at most
/// four parts) with an optional SemVer pre-release and build ("1.0.0-rc.1+b7"). Stores and rollouts
/// compare versions, so "latest" or "1.0 beta" is refused at onboarding rather than later.
/// </summary>
internal static partial class Versions
{
    [GeneratedRegex(@"^[0-9]+(\.[0-9]+){0,3}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionRegex();

    /// <summary>Null when <paramref name="version"/> is acceptable, otherwise why not.</summary>
    public static string? Check(string version) =>
        version.Length == 0 ? "the version is empty"
        : VersionRegex().IsMatch(version) ? null
        : $"'{version}' is not a version: expected dotted numbers like 1.0 or 2.3.1, optionally with -prerelease or +build";
}
