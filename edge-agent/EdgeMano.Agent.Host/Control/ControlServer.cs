using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeMano.Agent.Host.Status;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Host.Control;

/// <summary>
/// The daemon's local control socket: `apply` and `status` talk to the running agent through it,
/// one JSON line each way. Root-only (mode 0600): it changes what runs on the node.
/// </summary>
internal sealed class ControlServer(string path, Func<ControlRequest, ControlResponse> handle, ILogger logger) : IAsyncDisposable
{
    private const int MaxRequestBytes = 16 * 1024 * 1024;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;

    public void Start()
    {
        if (File.Exists(path)) File.Delete(path); // stale from a crash; the agent lock proves no daemon owns it
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(16);
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener!.AcceptAsync(ct).ConfigureAwait(false); }
            catch (Exception) when (ct.IsCancellationRequested) { return; }
            catch (SocketException ex) { HostLog.ControlError(logger, ex.Message); continue; }
            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        ControlResponse response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await ReadLineAsync(stream, timeout.Token).ConfigureAwait(false);
            var request = JsonSerializer.Deserialize(line, HostJsonContext.Default.ControlRequest)
                ?? throw new JsonException("empty request");
            response = handle(request);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or NotSupportedException)
        {
            response = new ControlResponse { Ok = false, Error = $"bad control request: {ex.Message}" };
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            return;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, HostJsonContext.Default.ControlResponse);
        try
        {
            await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException) { }
    }

    internal static async Task<string> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (n == 0) break;
            var nl = Array.IndexOf(chunk, (byte)'\n', 0, n);
            buffer.Write(chunk, 0, nl >= 0 ? nl : n);
            if (nl >= 0) break;
            if (buffer.Length > MaxRequestBytes) throw new InvalidDataException($"message larger than {MaxRequestBytes} bytes");
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Dispose();
        try { await _accepting.ConfigureAwait(false); } catch (Exception) { }
        try { File.Delete(path); } catch (IOException) { }
    }
}
