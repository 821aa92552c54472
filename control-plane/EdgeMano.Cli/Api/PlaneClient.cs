using System.Net.Http.Headers;
using System.Net.Sockets;

namespace EdgeMano.Cli.Api;

/// <summary>One HTTP answer from the plane, body kept as sent (the json/yaml outputs print it).</summary>
internal sealed record PlaneAnswer(int Status, string Reason, string? MediaType, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>
/// Talks HTTP to the plane's REST API. Transport trouble becomes a <see cref="CliException"/> that
/// names the URL and the cause; HTTP statuses are left to the caller (see <see cref="PlaneProblems"/>).
/// </summary>
internal sealed class PlaneClient : IDisposable
{
    private const string Hint = "(is edgemano-plane running? --server / " + Commands.GlobalOptions.ServerVariable + ")";
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public PlaneClient(Uri server, CliHost host)
    {
        // A base path (e.g. behind a proxy at /edgemano/) must survive relative URLs: end it with '/'.
        var baseUri = server.AbsolutePath.EndsWith('/') ? server : new Uri(server + "/");
        Display = server.ToString().TrimEnd('/');
        _timeout = host.RequestTimeout;
        var handler = host.HandlerFactory?.Invoke() ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), UseProxy = false };
        _http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = host.RequestTimeout };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("edgemano", typeof(PlaneClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    /// <summary>The plane's URL as operators wrote it, for messages.</summary>
    public string Display { get; }

    public Task<PlaneAnswer> GetAsync(string relativePath, CancellationToken ct) => SendAsync(HttpMethod.Get, relativePath, null, ct);

    public Task<PlaneAnswer> DeleteAsync(string relativePath, CancellationToken ct) => SendAsync(HttpMethod.Delete, relativePath, null, ct);

    public Task<PlaneAnswer> PutAsync(string relativePath, byte[] body, string contentType, CancellationToken ct)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return SendAsync(HttpMethod.Put, relativePath, content, ct);
    }

    public Task<PlaneAnswer> PostAsync(string relativePath, byte[] body, string contentType, CancellationToken ct)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return SendAsync(HttpMethod.Post, relativePath, content, ct);
    }

    /// <summary>GET of raw bytes (a package's content): accepts anything, and problems for errors.</summary>
    public Task<PlaneAnswer> GetBytesAsync(string relativePath, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, relativePath, null, ct, accept: ["application/octet-stream", "application/problem+json", "*/*"]);

    public async Task<PlaneAnswer> SendAsync(HttpMethod method, string relativePath, HttpContent? content, CancellationToken ct, IReadOnlyList<string>? accept = null)
    {
        using var request = new HttpRequestMessage(method, relativePath) { Content = content };
        // A request's own Accept replaces the client's JSON default (HttpClient adds defaults only for absent headers).
        foreach (var type in accept ?? []) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var reason = response.ReasonPhrase is { Length: > 0 } phrase ? phrase : response.StatusCode.ToString();
            return new PlaneAnswer((int)response.StatusCode, reason, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (HttpRequestException ex)
        {
            throw CliException.Failure($"cannot reach the plane at {Display}: {Describe(ex)} {Hint}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw CliException.Failure($"the plane at {Display} did not answer {method} /{relativePath} within {_timeout.TotalSeconds:0}s {Hint}");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The cause in a few words ("connection refused"), from the socket error when there is one.</summary>
    internal static string Describe(HttpRequestException ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    SocketError.ConnectionReset => "connection reset by the peer",
                    _ => socket.Message,
                };
            }
        }
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.SecureConnectionError => "TLS handshake failed: " + ex.Message,
            HttpRequestError.ResponseEnded => "the connection closed before an answer came",
            HttpRequestError.InvalidResponse => "the answer is not HTTP (is that the plane's port?)",
            HttpRequestError.ConnectionError when ex.InnerException is TimeoutException or OperationCanceledException => "connection timed out",
            _ => ex.Message,
        };
    }
}
