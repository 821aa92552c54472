using System.Net;
using System.Text;

namespace EdgeMano.Cli.Tests.Infrastructure;

/// <summary>
/// Canned HTTP answers for unit tests of how the CLI words and prints them (no server, no socket);
/// the integration tests run the same paths against a real plane.
/// </summary>
internal sealed class StubPlane : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, string PathAndQuery, Func<HttpResponseMessage> Answer)> _routes = [];

    public List<RecordedRequest> Requests { get; } = [];

    public StubPlane On(HttpMethod method, string pathAndQuery, int status, string body, string mediaType = "application/json")
    {
        _routes.Add((method, pathAndQuery, () => new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        }));
        return this;
    }

    /// <summary>A binary answer (a package's content).</summary>
    public StubPlane On(HttpMethod method, string pathAndQuery, int status, byte[] body, string mediaType)
    {
        _routes.Add((method, pathAndQuery, () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            return new HttpResponseMessage((HttpStatusCode)status) { Content = content };
        }));
        return this;
    }

    /// <summary>Answers each GET with the next body in turn (200), then keeps answering the last: a plane whose state moves.</summary>
    public StubPlane OnGetSequence(string pathAndQuery, params string[] bodies)
    {
        var next = 0;
        _routes.Add((HttpMethod.Get, pathAndQuery, () =>
        {
            var body = bodies[Math.Min(Interlocked.Increment(ref next) - 1, bodies.Length - 1)];
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }));
        return this;
    }

    public StubPlane OnGet(string pathAndQuery, int status, string body, string mediaType = "application/json") =>
        On(HttpMethod.Get, pathAndQuery, status, body, mediaType);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var pathAndQuery = request.RequestUri!.PathAndQuery;
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri, request.Content?.Headers.ContentType?.MediaType, body)
        {
            Accept = request.Headers.Accept.Select(a => a.MediaType ?? "").ToList(),
        });
        var route = _routes.LastOrDefault(r => r.Method == request.Method && r.PathAndQuery == pathAndQuery);
        return route.Answer is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"title":"no stub route","status":404}""", Encoding.UTF8, "application/problem+json") }
            : route.Answer();
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? ContentType, byte[]? Body)
{
    /// <summary>The media types of the Accept header as the plane would receive it.</summary>
    public IReadOnlyList<string> Accept { get; init; } = [];
}
