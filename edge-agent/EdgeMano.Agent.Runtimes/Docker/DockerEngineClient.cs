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
    public bool Is(params HttpStatusCode[] codes) => codes.Contains(Status);
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
