namespace EdgeMano.Agent.Runtimes.Containerd.Oci;

// OCI runtime spec 1.0 (config.json), reduced to what this driver sets. Serialized camelCase by
// ContainerdJsonContext; null members are left out, so runc applies its own defaults.

internal sealed record OciSpec
{
    public string OciVersion { get; init; } = "1.0.2-dev";
    public required OciProcess Process { get; init; }
    public OciRoot Root { get; init; } = new();
    public List<OciMount> Mounts { get; init; } = [];
    public required OciLinux Linux { get; init; }
}

internal sealed record OciProcess
{
    public bool Terminal { get; init; }
    public OciUser User { get; init; } = new();
    public List<string> Args { get; init; } = [];
    public List<string> Env { get; init; } = [];
    public string Cwd { get; init; } = "/";
    public OciCapabilities? Capabilities { get; init; }
    public List<OciRlimit>? Rlimits { get; init; }
    public bool NoNewPrivileges { get; init; }
}

internal sealed record OciUser
{
    public uint Uid { get; init; }
    public uint Gid { get; init; }
}

internal sealed record OciCapabilities
{
    public List<string> Bounding { get; init; } = [];
    public List<string> Effective { get; init; } = [];
    public List<string> Permitted { get; init; } = [];
}

internal sealed record OciRlimit
{
    public required string Type { get; init; }
    public ulong Hard { get; init; }
    public ulong Soft { get; init; }
}

internal sealed record OciRoot
{
    public string Path { get; init; } = "rootfs";
    public bool Readonly { get; init; }
}

internal sealed record OciMount
{
    public required string Destination { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }
    public List<string> Options { get; init; } = [];
}

internal sealed record OciLinux
{
    public OciResources? Resources { get; init; }
    public string? CgroupsPath { get; init; }
    public List<OciNamespace> Namespaces { get; init; } = [];
    public List<string>? MaskedPaths { get; init; }
    public List<string>? ReadonlyPaths { get; init; }
}

internal sealed record OciNamespace
{
    public required string Type { get; init; }
}

internal sealed record OciResources
{
    public List<OciDeviceRule>? Devices { get; init; }
    public OciMemory? Memory { get; init; }
    public OciCpu? Cpu { get; init; }
}

internal sealed record OciDeviceRule
{
    public bool Allow { get; init; }
    public string Access { get; init; } = "rwm";
}

internal sealed record OciMemory
{
    public long? Limit { get; init; }
}

internal sealed record OciCpu
{
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
}
