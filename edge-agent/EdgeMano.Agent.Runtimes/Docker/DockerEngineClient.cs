using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>A buffered Engine API answer.</summary>
internal sealed record EngineResponse(HttpStatusCode Status, string Body)
{
    public bool Is(params ReadOnlySpan<HttpStatusCode> codes)
    {
        foreach (var code in codes)
            if (code == Status) return true;
        return false;
    }
}

/// <summary>
/// HTTP to the Docker Engine API v1.41 over its unix socket, with errors an operator can read:
/// what was being done, where, and why. Knows nothing about workloads.
/// </summary>
internal sealed class DockerEngineClient : IDisposable
{
    // dockerd 20.10 speaks 1.41; pinning keeps newer engines answering in the same shapes.
    private const string ApiPrefix = "/v1.41";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _requestTimeout;

    public DockerEngineClient(string socketPath, TimeSpan requestTimeout, TimeProvider time)
    {
        SocketPath = socketPath;
        _time = time;
        _requestTimeout = requestTimeout;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // Per-call timeouts below; the event stream must be able to stay open indefinitely.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public string SocketPath { get; }

    public string Endpoint => "unix://" + SocketPath;

    public async Task<EngineResponse> SendAsync(HttpMethod method, string path, string operation, CancellationToken cancellationToken,
        HttpContent? body = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? _requestTimeout;
        using var timeoutCts = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            using var request = new HttpRequestMessage(method, ApiPrefix + path) { Content = body };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            return new EngineResponse(response.StatusCode, await response.Content.ReadAsStringAsync(linked.Token));
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RuntimeException($"docker: {operation} timed out after {limit.TotalSeconds:0} s at {Endpoint}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unreachable(e, operation);
        }
    }

    /// <summary>
    /// GET of a JSON resource. A 200 answer is parsed as it comes off the socket, from a pooled
    /// buffer (Value set, Response is <see cref="Ok"/>); any other answer comes back whole in
    /// Response (Value null) for <see cref="Failure"/>. Listing runs this once per container on
    /// every reconcile, so it matters that it leaves little garbage: ~4.5 kB a call, where buffering
    /// the answer and reading it as text made ~18 kB.
    /// </summary>
    public async Task<(EngineResponse Response, T? Value)> GetJsonAsync<T>(string path, string operation, JsonTypeInfo<T> type,
        CancellationToken cancellationToken) where T : class
    {
        var limit = _requestTimeout;
        using var timeoutCts = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ApiPrefix + path);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode != HttpStatusCode.OK)
                return (new EngineResponse(response.StatusCode, await response.Content.ReadAsStringAsync(linked.Token)), null);
            var (buffer, length) = await ReadPooledAsync(response.Content, linked.Token);
            try
            {
                return (Ok, Parse(buffer.AsSpan(0, length), type, operation));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RuntimeException($"docker: {operation} timed out after {limit.TotalSeconds:0} s at {Endpoint}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unreachable(e, operation);
        }
    }

    /// <summary>Stands for a 200 answer whose body went straight into a value.</summary>
    public static EngineResponse Ok { get; } = new(HttpStatusCode.OK, "");

    /// <summary>The whole body in a rented buffer (return it to the shared pool); honours cancellation while reading.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0) return (buffer, length);
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Opens a streaming endpoint (events); the caller owns and disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, string operation, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(ApiPrefix + path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unreachable(e, operation);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw Failure(new EngineResponse(response.StatusCode, body), operation);
        }
    }

    public static HttpContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    public T Read<T>(EngineResponse response, JsonTypeInfo<T> type, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type)
                ?? throw new RuntimeException($"docker: {operation}: empty answer from {Endpoint}");
        }
        catch (JsonException e)
        {
            throw new RuntimeException($"docker: {operation}: unreadable answer from {Endpoint}: {e.Message}", e);
        }
    }

    private T Parse<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type)
                ?? throw new RuntimeException($"docker: {operation}: empty answer from {Endpoint}");
        }
        catch (JsonException e)
        {
            throw new RuntimeException($"docker: {operation}: unreadable answer from {Endpoint}: {e.Message}", e);
        }
    }

    /// <summary>The Engine's own explanation ({"message": ...}) with the operation it answers.</summary>
    public RuntimeException Failure(EngineResponse response, string operation) =>
        new($"docker: {operation} failed: {ErrorText(response)} (HTTP {(int)response.Status})");

    public static string ErrorText(EngineResponse response)
    {
        try
        {
            if (JsonSerializer.Deserialize(response.Body, DockerJsonContext.Default.EngineError)?.Message is { Length: > 0 } message)
                return message;
        }
        catch (JsonException) { }
        var raw = response.Body.Trim();
        return raw.Length > 0 ? raw : response.Status.ToString();
    }

    private RuntimeException Unreachable(Exception e, string operation)
    {
        var socketError = FindSocketException(e);
        var connectFailed = socketError is not null || e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
        if (!connectFailed)
            return new RuntimeException($"docker: {operation} failed talking to {Endpoint}: {e.Message}", e);
        var why = !File.Exists(SocketPath) ? "no such socket (is dockerd running?)"
            : socketError?.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is dockerd running?)",
                SocketError.AccessDenied => "permission denied (the agent needs read/write access to the socket)",
                _ => socketError?.Message ?? e.Message,
            };
        return new RuntimeException($"docker: cannot reach {Endpoint}: {why}", e);
    }

    private static SocketException? FindSocketException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is SocketException s) return s;
        return null;
    }

    public void Dispose() => _http.Dispose();
}
