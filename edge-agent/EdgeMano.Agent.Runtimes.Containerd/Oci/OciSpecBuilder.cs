using System.Globalization;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Images;

namespace EdgeMano.Agent.Runtimes.Containerd.Oci;

/// <summary>
/// The OCI runtime spec of a workload: ctr's default spec (mounts, capabilities, masked paths) on the
/// host network, with the image's run defaults overridden by the workload as Docker does it.
/// </summary>
internal static class OciSpecBuilder
{
    public const string SpecTypeUrl = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    public const string ProcessTypeUrl = "types.containerd.io/opencontainers/runtime-spec/1/Process";
    /// <summary>Where the init binary appears inside the container.</summary>
    public const string InitTarget = "/.edgemano-init";
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    // ctr's (and Docker's) default capability set.
    private static readonly string[] DefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Refuses what host networking cannot do, before anything is created.</summary>
    public static void CheckNetworking(WorkloadSpec spec)
    {
        if (spec.Network.Length > 0 && spec.Network != "host")
            throw new RuntimeException($"containerd: workload {spec.Name} asks for network '{spec.Network}', but this driver runs containers on the host network only (no CNI): host networking cannot join networks or remap ports");
        if (spec.Networks.Count > 0)
            throw new RuntimeException($"containerd: workload {spec.Name} asks to join networks {string.Join(", ", spec.Networks.Select(n => $"'{n.Name}'"))}, but this driver runs containers on the host network only (no CNI): host networking cannot join networks; use the docker runtime");
        if (spec.Hosts.Count > 0)
            throw new RuntimeException($"containerd: workload {spec.Name} asks for host entries ({string.Join(", ", spec.Hosts.Keys)}), but on the host network its /etc/hosts is the node's own; use the docker runtime");
        foreach (var port in spec.Ports)
            if (port.EffectiveHostPort != port.ContainerPort)
                throw new RuntimeException($"containerd: workload {spec.Name} maps container port {port.ContainerPort} to host port {port.HostPort}, but host networking cannot remap ports; use the same port on both sides or the docker runtime");
    }

    public static OciSpec Build(WorkloadSpec spec, ResolvedImage image, string containerId, string ns, string? initPath)
    {
        var run = image.Config.Config;
        var (uid, gid) = ParseUser(run?.User, image.Reference);
        var mounts = DefaultMounts();
        // Host network: the container shares the node's name resolution too (as ctr run --net-host does).
        foreach (var file in new[] { "/etc/hosts", "/etc/resolv.conf" })
            if (File.Exists(file)) mounts.Add(Bind(file, file, readOnly: true));
        foreach (var m in spec.Mounts)
        {
            if (!File.Exists(m.Source) && !Directory.Exists(m.Source))
                throw new RuntimeException($"containerd: cannot create container for workload {spec.Name}: bind source path does not exist: {m.Source}");
            mounts.Add(Bind(m.Source, m.Target, m.ReadOnly));
        }
        if (initPath is not null) mounts.Add(Bind(initPath, InitTarget, readOnly: true));

        return new OciSpec
        {
            Process = new OciProcess
            {
                User = new OciUser { Uid = uid, Gid = gid },
                Args = Args(spec, run, initPath, image.Reference),
                Env = Env(spec, run),
                Cwd = spec.WorkingDir.Length > 0 ? spec.WorkingDir : string.IsNullOrEmpty(run?.WorkingDir) ? "/" : run.WorkingDir,
                Capabilities = new OciCapabilities { Bounding = [.. DefaultCapabilities], Effective = [.. DefaultCapabilities], Permitted = [.. DefaultCapabilities] },
                Rlimits = [new OciRlimit { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 }],
                NoNewPrivileges = true,
            },
            Mounts = mounts,
            Linux = new OciLinux
            {
                Resources = Resources(spec.Resources),
                CgroupsPath = $"/{ns}/{containerId}",
                // No network namespace: the host network (there is no CNI to wire up another one).
                Namespaces = [new() { Type = "pid" }, new() { Type = "ipc" }, new() { Type = "uts" }, new() { Type = "mount" }],
                MaskedPaths = ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
                ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
            },
        };
    }

    /// <summary>Docker's rule: a command replaces the image's entrypoint and drops its cmd; args replace the cmd.</summary>
    public static List<string> Args(WorkloadSpec spec, ImageRunConfig? run, string? initPath, string image)
    {
        var entrypoint = spec.Command.Count > 0 ? [.. spec.Command] : run?.Entrypoint ?? [];
        var cmd = spec.Args.Count > 0 ? [.. spec.Args] : spec.Command.Count > 0 ? [] : run?.Cmd ?? [];
        var args = entrypoint.Concat(cmd).ToList();
        if (args.Count == 0)
            throw new RuntimeException($"containerd: workload {spec.Name} gives no command and image {image} has no entrypoint or cmd");
        // The init runs the workload as its child, forwards signals to it and exits with its code.
        return initPath is null ? args : [InitTarget, "--", .. args];
    }

    private static List<string> Env(WorkloadSpec spec, ImageRunConfig? run)
    {
        var env = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        void Set(string entry)
        {
            var eq = entry.IndexOf('=');
            var key = eq < 0 ? entry : entry[..eq];
            if (index.TryGetValue(key, out var at)) env[at] = entry;
            else { index[key] = env.Count; env.Add(entry); }
        }
        foreach (var e in run?.Env ?? []) Set(e);
        foreach (var (key, value) in spec.Env) Set(key + "=" + value);
        if (!index.ContainsKey("PATH")) env.Insert(0, DefaultPath);
        return env;
    }

    private static (uint Uid, uint Gid) ParseUser(string? user, string image)
    {
        if (string.IsNullOrEmpty(user) || user is "root" or "root:root") return (0, 0);
        var parts = user.Split(':');
        if (parts.Length <= 2 && uint.TryParse(parts[0], CultureInfo.InvariantCulture, out var uid))
        {
            if (parts.Length == 1) return (uid, 0); // as ctr and Docker without an /etc/passwd entry
            if (uint.TryParse(parts[1], CultureInfo.InvariantCulture, out var gid)) return (uid, gid);
        }
        throw new RuntimeException($"containerd: image {image} runs as user '{user}'; this driver supports only numeric uid[:gid] (names would need the image's /etc/passwd)");
    }

    private static OciResources Resources(ResourceLimits limits)
    {
        const ulong period = 100_000; // 100 ms, the CFS default: quota = cores x period, as Docker's NanoCpus
        return new OciResources
        {
            Devices = [new OciDeviceRule { Allow = false, Access = "rwm" }],
            Memory = limits.MemoryBytes > 0 ? new OciMemory { Limit = limits.MemoryBytes } : null,
            Cpu = limits.Cpus > 0 ? new OciCpu { Quota = (long)Math.Round(limits.Cpus * period), Period = period } : null,
        };
    }

    private static OciMount Bind(string source, string target, bool readOnly) =>
        new() { Destination = target, Type = "bind", Source = source, Options = ["rbind", "rprivate", readOnly ? "ro" : "rw"] };

    private static List<OciMount> DefaultMounts() =>
    [
        new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
        new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
        new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
        new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
        new() { Destination = "/run", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
    ];
}
