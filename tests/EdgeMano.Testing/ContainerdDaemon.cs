using System.Diagnostics;
using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeMano.Testing;

/// <summary>
/// xunit collection fixture: a private containerd (its own root, state, sockets and config under a
/// temp dir) started as a child of the test process, with the busybox test image imported into
/// namespace <see cref="Namespace"/>. It never touches the node's own containerd. At the end it
/// removes what is left in its namespaces, stops the daemon by its PID, and ends any shim of its own
/// that survived (see <see cref="EndLeftoverShims"/>), so no container outlives the test run.
/// </summary>
public sealed partial class ContainerdDaemon : IAsyncLifetime
{
    public const string Namespace = "edgemano";
    /// <summary>As workloads name it; containerd stores it as docker.io/local/busybox:1 (ctr import normalizes).</summary>
    public const string BusyboxImage = "local/busybox:1";
    /// <summary>A static init (tini) for containers when the host has one (docker.io installs it).</summary>
    public static readonly string? InitPath = new[] { "/usr/bin/tini-static", "/usr/bin/docker-init" }.FirstOrDefault(File.Exists);

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Applets =
    [
        "sh", "sleep", "httpd", "nc", "ls", "cat", "echo", "ps", "env", "true", "false", "test", "[", "kill", "mkdir",
        "rm", "touch", "printf", "grep", "head", "tail", "wc", "id", "hostname", "pwd", "date", "stat",
    ];

    private Process? _daemon;
    private string? _directory;
    private string? _containerd;
    private string? _config;

    public string SocketPath => Combine("containerd.sock");

    /// <summary>Where drivers under test should write container logs.</summary>
    public string LogDirectory => Combine("logs");

    public string DaemonLogPath => Combine("containerd.log");

    public int Pid => _daemon?.Id ?? throw new InvalidOperationException("ContainerdDaemon is not started");

    public async Task InitializeAsync()
    {
        var containerd = FindExecutable("containerd")
            ?? throw new InvalidOperationException("containerd is not installed: apt-get install -y containerd");
        _ = FindExecutable("ctr") ?? throw new InvalidOperationException("ctr is not installed: apt-get install -y containerd");
        // Short: unix socket paths are limited to 107 bytes, and the ttrpc socket adds a suffix.
        _directory = "/tmp/edgemano-ctd-" + Guid.NewGuid().ToString("N")[..10];
        foreach (var dir in new[] { "root", "state", "logs", "opt" }) Directory.CreateDirectory(Combine(dir));
        var config = Combine("config.toml");
        await File.WriteAllTextAsync(config, $"""
            version = 2
            root = "{Combine("root")}"
            state = "{Combine("state")}"
            # Not needed here, and it would want CNI and a streaming port of its own.
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "{SocketPath}"
            [ttrpc]
              address = "{SocketPath}.ttrpc"
            [debug]
              address = ""
            [metrics]
              address = ""
            [plugins."io.containerd.internal.v1.opt"]
              path = "{Combine("opt")}"
            """);

        _containerd = containerd;
        _config = config;
        await StartDaemonAsync();

        var archive = Combine("busybox.tar");
        WriteBusyboxArchive(archive, BusyboxImage);
        await CtrAsync("images", "import", archive);
    }

    public async Task DisposeAsync()
    {
        if (_daemon is null) return;
        try
        {
            // Tasks outlive containerd in their shims: remove everything left in its namespaces first.
            if (!_daemon.HasExited) await RemoveEverythingAsync();
        }
        finally
        {
            StopDaemon();
            EndLeftoverShims();
            UnmountLeftovers();
            try
            {
                Directory.Delete(_directory!, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Stops containerd (SIGTERM by PID) and starts it again on the same state, as an upgrade or crash
    /// restart does: tasks keep running in their shims and containerd reconnects to them.
    /// </summary>
    public async Task RestartAsync()
    {
        StopDaemon();
        await StartDaemonAsync();
    }

    private async Task StartDaemonAsync()
    {
        // exec: the shell becomes containerd, so the PID we hold is the daemon's; its output goes to a file, not a pipe we must drain.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec {Quote(_containerd!)} --config {Quote(_config!)} --root {Quote(Combine("root"))} --state {Quote(Combine("state"))} --address {Quote(SocketPath)} >>{Quote(DaemonLogPath)} 2>&1 </dev/null");
        _daemon = Process.Start(start) ?? throw new InvalidOperationException("cannot start containerd");

        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (!File.Exists(SocketPath) || (await RunCtrAsync(["version"], check: false)).ExitCode != 0)
        {
            if (_daemon.HasExited)
                throw new InvalidOperationException($"containerd exited ({_daemon.ExitCode}) before answering on unix://{SocketPath}; log:\n{Tail(DaemonLogPath)}");
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"containerd (pid {_daemon.Id}) did not answer on unix://{SocketPath} within {ReadyTimeout.TotalSeconds:0} s; log:\n{Tail(DaemonLogPath)}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs <c>ctr</c> against this daemon in <see cref="Namespace"/>; throws with its stderr when it fails.</summary>
    public async Task<string> CtrAsync(params string[] args) => (await RunCtrAsync(args, check: true)).Output;

    /// <summary>
    /// Writes a docker-archive (docker save format) of a busybox-static rootfs tagged <paramref name="tag"/>:
    /// manifest.json, the image config and one layer tar, as docker 20.10 lays them out. A
    /// <paramref name="marker"/> goes into /etc/edgemano-marker and makes the layer (and its snapshot) unique.
    /// </summary>
    public static void WriteBusyboxArchive(string path, string tag, string? marker = null)
    {
        if (!File.Exists("/bin/busybox")) throw new InvalidOperationException("/bin/busybox not found: apt-get install -y busybox-static");
        var layer = BusyboxLayer(marker);
        var diffId = Convert.ToHexStringLower(SHA256.HashData(layer));
        var config = new JsonObject
        {
            ["architecture"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Env"] = new JsonArray("PATH=/bin"), ["Cmd"] = new JsonArray("/bin/sh") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray("sha256:" + diffId) },
        };
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configName = Convert.ToHexStringLower(SHA256.HashData(configBytes)) + ".json";
        // docker save names layer directories by a v1 id, not by the layer digest: importers must hash.
        var layerName = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("v1:" + diffId))) + "/layer.tar";
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configName,
            ["RepoTags"] = new JsonArray(tag),
            ["Layers"] = new JsonArray(layerName),
        });

        using var file = File.Create(path);
        using var tar = new TarWriter(file, TarEntryFormat.Pax);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, layerName.Split('/')[0] + "/") { Mode = DirMode });
        WriteFile(tar, layerName, layer);
        WriteFile(tar, configName, configBytes);
        WriteFile(tar, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static byte[] BusyboxLayer(string? marker)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in new[] { "bin", "etc", "www", "proc", "sys", "dev", "data" })
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = DirMode });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = DirMode | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit });
            using (var binary = File.OpenRead("/bin/busybox"))
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = DirMode, DataStream = binary });
            foreach (var applet in Applets)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", Mode = DirMode });
            WriteFile(tar, "etc/passwd", "root:x:0:0:root:/:/bin/sh\n"u8.ToArray());
            WriteFile(tar, "etc/group", "root:x:0:\n"u8.ToArray());
            if (marker is not null) WriteFile(tar, "etc/edgemano-marker", Encoding.UTF8.GetBytes(marker));
        }
        return buffer.ToArray();
    }

    private static void WriteFile(TarWriter tar, string name, byte[] content)
    {
        using var data = new MemoryStream(content);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = data,
        });
    }

    private async Task<(int ExitCode, string Output)> RunCtrAsync(IReadOnlyList<string> args, bool check, string ns = Namespace)
    {
        var start = new ProcessStartInfo(FindExecutable("ctr")!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--address", SocketPath, "--namespace", ns }.Concat(args)) start.ArgumentList.Add(a);
        using var ctr = Process.Start(start) ?? throw new InvalidOperationException("cannot run ctr");
        var output = ctr.StandardOutput.ReadToEndAsync();
        var error = ctr.StandardError.ReadToEndAsync();
        await ctr.WaitForExitAsync();
        if (check && ctr.ExitCode != 0)
            throw new InvalidOperationException($"ctr {string.Join(' ', args)} failed ({ctr.ExitCode}): {await error}");
        return (ctr.ExitCode, await output);
    }

    private void StopDaemon()
    {
        var daemon = _daemon!;
        _daemon = null;
        using (daemon)
        {
            if (daemon.HasExited) return;
            // SIGTERM by PID (the process this fixture started), SIGKILL if it lingers.
            _ = Kill(daemon.Id, 15);
            if (!daemon.WaitForExit(TimeSpan.FromSeconds(10))) daemon.Kill();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private string Combine(string name) => Path.Combine(_directory ?? throw new InvalidOperationException("ContainerdDaemon is not started"), name);

    private static IEnumerable<string> Lines((int ExitCode, string Output) result) =>
        result.ExitCode != 0 ? [] : result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? FindExecutable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin", "/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string Tail(string path)
    {
        try
        {
            return string.Join('\n', File.ReadLines(path).TakeLast(15));
        }
        catch (IOException e)
        {
            return "(log unreadable: " + e.Message + ")";
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
