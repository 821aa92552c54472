using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace EdgeMano.Testing;

/// <summary>
/// Images built locally for tests (there is no registry): never pulled. The busybox image is the
/// PLATFORM.md recipe, a rootfs of busybox-static applets imported through the Engine API.
/// </summary>
public static class TestImages
{
    public const string Busybox = "local/busybox:1";
    private const string BusyboxBinary = "/bin/busybox";

    private static readonly string[] Applets =
    [
        "sh", "sleep", "httpd", "nc", "ls", "cat", "echo", "ps", "env", "true", "false",
        "test", "[", "kill", "mkdir", "rm", "touch", "printf", "grep", "head", "tail", "wc", "id", "hostname", "pwd", "date", "stat",
    ];

    private static readonly ConcurrentDictionary<string, Lazy<Task>> Built = new();

    /// <summary>Builds <see cref="Busybox"/> on the engine at <paramref name="socketPath"/> unless it is there.</summary>
    public static Task EnsureBusyboxAsync(string socketPath) =>
        Built.GetOrAdd(socketPath, s => new Lazy<Task>(() => BuildBusyboxAsync(s))).Value;

    private static async Task BuildBusyboxAsync(string socketPath)
    {
        using var http = UnixSocketHttp.CreateClient(socketPath, TimeSpan.FromMinutes(2));
        if (await ImageExistsAsync(http, Busybox)) return;
        if (!File.Exists(BusyboxBinary))
            throw new InvalidOperationException($"{BusyboxBinary} not found: apt-get install -y busybox-static");

        var changes = string.Concat(new[] { "ENV PATH=/bin", "CMD [\"/bin/sh\"]" }.Select(c => "&changes=" + Uri.EscapeDataString(c)));
        using var body = new ByteArrayContent(BusyboxRootfsTar());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await http.PostAsync($"{UnixSocketHttp.ApiPrefix}/images/create?fromSrc=-&repo=local/busybox&tag=1{changes}", body);
        var text = await response.Content.ReadAsStringAsync();
        // The import reports failures inside a 200 progress stream as {"error": ...}.
        if (!response.IsSuccessStatusCode || text.Contains("\"error\"", StringComparison.Ordinal))
            throw new InvalidOperationException($"docker import of {Busybox} failed ({(int)response.StatusCode}): {text}");
        if (!await ImageExistsAsync(http, Busybox))
            throw new InvalidOperationException($"docker import of {Busybox} reported success but the image is absent: {text}");
    }

    private static async Task<bool> ImageExistsAsync(HttpClient http, string image)
    {
        using var response = await http.GetAsync($"{UnixSocketHttp.ApiPrefix}/images/{image}/json");
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw new InvalidOperationException($"docker: inspect image {image} failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}"),
        };
    }

    private static byte[] BusyboxRootfsTar()
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            const UnixFileMode dirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            foreach (var dir in new[] { "bin", "etc", "www", "proc", "sys", "dev" })
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = dirMode });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = dirMode | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit });

            using (var binary = File.OpenRead(BusyboxBinary))
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = dirMode, DataStream = binary });
            foreach (var applet in Applets)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", Mode = dirMode });

            WriteText(tar, "etc/passwd", "root:x:0:0:root:/:/bin/sh\n");
            WriteText(tar, "etc/group", "root:x:0:\n");
        }
        return buffer.ToArray();
    }

    private static void WriteText(TarWriter tar, string name, string content)
    {
        using var data = new MemoryStream(Encoding.ASCII.GetBytes(content));
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = data,
        });
    }
}
