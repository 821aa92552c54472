using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd.Api.Content;
using Google.Protobuf;
using Grpc.Core;

namespace EdgeMano.Agent.Runtimes.Containerd.Images;

/// <summary>Puts blobs into containerd's content store through the Write stream (stat, write chunks, commit).</summary>
internal sealed class ContentWriter(ContainerdConnection connection)
{
    // Well under gRPC's 4 MiB default message limit.
    private const int ChunkSize = 1024 * 1024;

    public async Task<bool> ExistsAsync(string digest, CancellationToken cancellationToken) =>
        await connection.CallOrNotFoundAsync($"look up blob {digest}",
            o => connection.Content.InfoAsync(new InfoRequest { Digest = digest }, o), cancellationToken) is not null;

    /// <summary>Writes <paramref name="size"/> bytes of <paramref name="source"/>; containerd checks them against <paramref name="digest"/>.</summary>
    public async Task WriteAsync(Stream source, long size, string digest, IReadOnlyDictionary<string, string> labels, string lease,
        CancellationToken cancellationToken)
    {
        var reference = "edgemano-import-" + digest;
        var operation = $"write blob {digest}";
        try
        {
            using var call = connection.Content.Write(connection.Options(cancellationToken, lease, stream: true));
            // Stat first: it takes the ref's lock; writing from offset 0 then discards any earlier partial upload.
            await SendAsync(call, new WriteContentRequest { Action = WriteAction.Stat, Ref = reference, Total = size, Expected = digest }, cancellationToken);
            var buffer = new byte[(int)Math.Min(ChunkSize, Math.Max(size, 1))];
            long offset = 0;
            while (offset < size)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - offset)), cancellationToken);
                if (read == 0) throw new RuntimeException($"containerd: {operation}: the source ended after {offset} of {size} bytes");
                await SendAsync(call, new WriteContentRequest
                {
                    Action = WriteAction.Write, Ref = reference, Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read),
                }, cancellationToken);
                offset += read;
            }
            var commit = new WriteContentRequest { Action = WriteAction.Commit, Ref = reference, Offset = offset, Total = size, Expected = digest };
            foreach (var (key, value) in labels) commit.Labels[key] = value;
            await SendAsync(call, commit, cancellationToken);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Written meanwhile by someone else: content-addressed, so it is the same bytes.
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw connection.Failure(e, operation);
        }
    }

    /// <summary>containerd answers every request on the stream; reading the answer surfaces its errors at once.</summary>
    private static async Task SendAsync(AsyncDuplexStreamingCall<WriteContentRequest, WriteContentResponse> call, WriteContentRequest request,
        CancellationToken cancellationToken)
    {
        await call.RequestStream.WriteAsync(request, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken))
            throw new RpcException(new Status(StatusCode.Internal, $"containerd closed the write stream after {request.Action}"));
    }
}
