using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Packages;

/// <summary>
/// What an operator uploads: one file (a CSAR zip, a tgz, or a descriptor YAML) or a directory
/// given as relative path → bytes. Nothing here touches the file system.
/// </summary>
public sealed record PackageInput
{
    private PackageInput(string name, byte[]? bytes, IReadOnlyDictionary<string, byte[]>? files)
    {
        Name = name;
        Bytes = bytes;
        Files = files;
    }

    /// <summary>Names the input in errors about it as a whole (the upload's file name).</summary>
    public string Name { get; }

    public byte[]? Bytes { get; }

    public IReadOnlyDictionary<string, byte[]>? Files { get; }

    public static PackageInput FromFile(string name, byte[] bytes) => new(name, bytes, null);

    public static PackageInput FromDirectory(string name, IReadOnlyDictionary<string, byte[]> files) => new(name, null, files);
}

/// <summary>The outcome of reading a package: a package only when there is no error at all.</summary>
public sealed record PackageReadResult(CnfPackage? Package, IReadOnlyList<LocatedError> Errors)
{
    public bool Succeeded => Package is not null;
}
