using System.Net.Sockets;
using System.Text.Json;
using EdgeMano.Agent.Host.Status;

namespace EdgeMano.Agent.Host.Control;

/// <summary>Talks to a running daemon over its control socket.</summary>
internal static class ControlClient
{
    /// <summary>The daemon's answer, or null when no daemon listens on <paramref name="path"/>.</summary>
    public static async Task<ControlResponse?> SendAsync(string path, ControlRequest request, TimeSpan timeout)
    {
        if (!File.Exists(path)) return null;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.NoData)
        {
            return null; // a socket file left by a daemon that is gone
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(request, HostJsonContext.Default.ControlRequest);
        string line;
        try
        {
            await stream.WriteAsync(bytes, cts.Token).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), cts.Token).ConfigureAwait(false);
            line = await ControlServer.ReadLineAsync(stream, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the agent at {path} did not answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            line = ""; // reset or broken pipe: the daemon went away mid-request (its message is only a resource key under AOT)
        }
        if (line.Length == 0)
            throw new IOException($"the agent at {path} closed the control connection without answering (did it stop or crash?); whether the request took effect shows in `edgemano-agent status`");
        return JsonSerializer.Deserialize(line, HostJsonContext.Default.ControlResponse);
    }
}
