using EdgeMano.Plane.Packages;

namespace EdgeMano.Plane.Core.Packages;

/// <summary>
/// An onboarded package as the store keeps it: the bytes exactly as they arrived (what export
/// gives back, and what the model is read from again at start) and what identifies them.
/// </summary>
public sealed record StoredPackage
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string Digest { get; init; }
    /// <summary>The name it was onboarded under (a file or directory name), for messages.</summary>
    public required string FileName { get; init; }
    public required byte[] Content { get; init; }
    public DateTimeOffset OnboardedAt { get; init; }

    public string Key => PackageKey.Of(Name, Version);
}

/// <summary>A stored package with its model, read again from <see cref="StoredPackage.Content"/>.</summary>
public sealed record PackageEntry(StoredPackage Stored, CnfPackage Model);

/// <summary>What a deployment names: a package and one of its versions.</summary>
public sealed record PackageRef(string Name, string Version)
{
    public override string ToString() => $"{Name}@{Version}";
}

public static class PackageKey
{
    public static string Of(string name, string version) => $"{name}@{version}";
}

public enum OnboardOutcome { Created, Unchanged, Refused, Conflict }

/// <summary>The answer to an onboarding: the entry, or every reason it was refused (nothing stored then).</summary>
public sealed record OnboardResult(OnboardOutcome Outcome, PackageEntry? Entry, IReadOnlyList<EdgeMano.Agent.Core.Yaml.LocatedError> Errors, string Message = "");
