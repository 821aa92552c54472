using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeMano.Plane.Host;

/// <summary>
/// Serves HTTP/1.1 (REST, console) and cleartext HTTP/2 (gRPC from agents and tools) on one port.
/// Without TLS there is no ALPN, and Kestrel then serves an Http1AndHttp2 endpoint as HTTP/1.1 only.
/// This connection middleware peeks at the first bytes: an HTTP/2 client with prior knowledge
/// starts with the fixed connection preface, and such a connection is relayed byte for byte to
/// an HTTP/2-only Kestrel endpoint on a unix socket in the state directory. Everything else goes
/// on to HTTP/1.1 untouched (nothing is consumed while peeking).
/// </summary>
internal static class H2cDetection
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    public static ListenOptions UseH2cRelay(this ListenOptions listen, string http2SocketPath)
    {
        listen.Use(next => async context =>
        {
            bool isHttp2;
            try
            {
                isHttp2 = await StartsWithPrefaceAsync(context.Transport.Input, context.ConnectionClosed).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client left before saying anything (a port probe, a health check's TCP
                // connect): nothing to serve and nothing worth a logged stack trace.
                return;
            }
            if (isHttp2)
            {
                await RelayAsync(context.Transport, http2SocketPath, context.ConnectionClosed).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        return listen;
    }

    private static async Task<bool> StartsWithPrefaceAsync(PipeReader input, CancellationToken ct)
    {
        var head = new byte[Preface.Length];
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var n = (int)Math.Min(buffer.Length, Preface.Length);
            buffer.Slice(0, n).CopyTo(head);
            var matchesSoFar = head.AsSpan(0, n).SequenceEqual(Preface.AsSpan(0, n));
            if (matchesSoFar && n < Preface.Length && !result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End); // need more bytes to decide
                continue;
            }
            input.AdvanceTo(buffer.Start);
            return matchesSoFar && n == Preface.Length;
        }
    }

    private static async Task RelayAsync(IDuplexPipe client, string socketPath, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
        await using var backend = new NetworkStream(socket, ownsSocket: false);
        var up = client.Input.CopyToAsync(backend, ct);
        var down = backend.CopyToAsync(client.Output, ct);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Both);
        await client.Output.CompleteAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side closed; the relay is over either way.
        }
    }
}
