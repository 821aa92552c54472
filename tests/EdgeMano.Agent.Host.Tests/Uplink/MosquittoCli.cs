using System.Diagnostics;
using Google.Protobuf;

namespace EdgeMano.Agent.Host.Tests.Uplink;

/// <summary>The plane's side of a node's topics through Mosquitto's own clients (mosquitto-clients).</summary>
public static class MosquittoCli
{
    public const string InstallHint = "install mosquitto-clients: apt-get install -y mosquitto-clients";

    /// <summary>Publishes a protobuf message retained with QoS 1 (as the plane publishes desired state).</summary>
    public static async Task PublishRetainedAsync(int port, string topic, IMessage message)
    {
        var file = Path.Combine(Path.GetTempPath(), $"em-pub-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, message.ToByteArray());
        try
        {
            var (code, _, err) = await RunAsync("mosquitto_pub", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-V", "mqttv5", "-q", "1", "-r", "-t", topic, "-f", file);
            Assert.True(code == 0, $"mosquitto_pub failed ({code}): {err}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The retained payload on <paramref name="topic"/>, or null when there is none.</summary>
    public static async Task<byte[]?> ReadRetainedAsync(int port, string topic)
    {
        // %x prints the payload as hex, so binary protobuf survives stdout; -W ends the wait when nothing is retained.
        var (code, output, _) = await RunAsync("mosquitto_sub", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-V", "mqttv5", "-t", topic, "-C", "1", "-W", "2", "--retained-only", "-F", "%x");
        var hex = output.Trim();
        return code == 0 && hex.Length > 0 ? Convert.FromHexString(hex) : null;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(string file, params string[] args)
    {
        var path = new[] { "/usr/bin", "/usr/local/bin", "/bin" }.Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(InstallHint);
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
