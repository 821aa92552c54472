using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EdgeMano.Plane.Host.Api;

/// <summary>
/// Reads request bodies with a limit, and reads refused bodies to their end before answering.
/// Why drain: a response sent while the client is still uploading makes HttpClient (and others)
/// fail with a broken pipe or, on a reused keep-alive connection, "response ended prematurely"
/// instead of showing the 413/415. Bodies past <see cref="DrainLimitBytes"/> are not worth the
/// bandwidth: Kestrel refuses them itself and closes the connection.
/// </summary>
public static class RequestBody
{
    /// <summary>Kestrel's own body limit; what the API refuses below it is drained, not cut off.</summary>
    public const long DrainLimitBytes = 64L * 1024 * 1024;

    /// <summary>The body as UTF-8 text, or null when it is over <paramref name="limit"/> (checked while reading: Content-Length may be absent).</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, int limit)
    {
        var bytes = await ReadBytesAsync(request, limit).ConfigureAwait(false);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The body's bytes, or null when it is over <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > DrainLimitBytes)
        {
            Refuse(request);
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    await DrainAsync(request).ConfigureAwait(false);
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            Refuse(request); // past Kestrel's limit while reading
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads and discards the rest of the body, so the refusal reaches a client still sending.</summary>
    public static async Task DrainAsync(HttpRequest request)
    {
        if (request.ContentLength > DrainLimitBytes)
        {
            Refuse(request);
            return;
        }
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await request.Body.ReadAsync(chunk).ConfigureAwait(false) > 0) { }
        }
        catch (BadHttpRequestException)
        {
            Refuse(request);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Too big to drain: the connection ends after the answer, so no client reuses it.</summary>
    private static void Refuse(HttpRequest request) => request.HttpContext.Response.Headers.Connection = "close";
}
