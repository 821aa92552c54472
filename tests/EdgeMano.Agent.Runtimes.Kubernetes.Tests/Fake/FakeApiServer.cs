using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

/// <summary>One request as the fake received it.</summary>
public sealed record FakeRequest(string Method, string Path, string Query, string ContentType, string Body)
{
    public string? QueryValue(string key) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(key, out var v) ? v.ToString() : null;

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public override string ToString() => $"{Method} {Path}{Query} [{ContentType}]";
}

/// <summary>
/// A recorded contract of the Kubernetes API: exactly the endpoints the driver uses, on loopback
/// (port 0), served by Kestrel with realistic object JSON. Objects live in <see cref="Store"/>;
/// apply and merge patches merge into them, every change bumps the resourceVersion and goes out on
/// matching watch streams as chunked <c>{"type":...,"object":...}</c> lines.
/// </summary>
public sealed partial class FakeApiServer : IAsyncDisposable
{
    public const string Token = "test-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly List<(Func<FakeRequest, bool> Match, int Status, string Body)> _failures = [];
    private readonly ConcurrentDictionary<HttpContext, byte> _openWatches = new();

    private FakeApiServer(WebApplication app) => _app = app;

    public FakeObjectStore Store { get; } = new();

    public string Url { get; private set; } = "";

    /// <summary>Whether GET /apis/helm.cattle.io/v1 answers (k3s) or 404s (other distributions).</summary>
    public bool ServesHelmCrd { get; set; }

    /// <summary>While true, watch requests answer 503: the gap in which the driver misses events.</summary>
    public bool RejectWatches { get; set; }

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    public static async Task<FakeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeApiServer(app);
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>A kubeconfig for this server with a bearer token, as k3s writes one.</summary>
    public string WriteKubeconfig(string directory)
    {
        var path = Path.Combine(directory, "kubeconfig.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Url}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            users:
            - name: fake
              user:
                token: {Token}
            """);
        return path;
    }

    /// <summary>The next request that matches answers with <paramref name="status"/> and the fixture's Status body.</summary>
    public void FailNext(Func<FakeRequest, bool> match, int status, string body)
    {
        lock (_failures) _failures.Add((match, status, body));
    }

    /// <summary>Closes every open watch stream cleanly (end of chunked body).</summary>
    public void EndWatches() => Store.EndWatches();

    /// <summary>Breaks every open watch connection mid-stream (a reset, as when a proxy dies).</summary>
    public void AbortWatches()
    {
        foreach (var ctx in _openWatches.Keys) ctx.Abort();
    }

    public IEnumerable<FakeRequest> RequestsTo(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Store.EndWatches();
        // Connections still open after a second (an exec socket the client never closed) are cut.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var request = new FakeRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "",
            ctx.Request.ContentType ?? "", await reader.ReadToEndAsync());
        _requests.Enqueue(request);

        if (ctx.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await Status(ctx, 401, Fixtures.Status(401, "Unauthorized", "Unauthorized"));
            return;
        }
        (Func<FakeRequest, bool> Match, int Status, string Body)? failure;
        lock (_failures)
        {
            var index = _failures.FindIndex(f => f.Match(request));
            failure = index < 0 ? null : _failures[index];
            if (index >= 0) _failures.RemoveAt(index);
        }
        if (failure is { } f)
        {
            await Write(ctx, f.Status, f.Body);
            return;
        }
        if (ctx.WebSockets.IsWebSocketRequest && request.Path.EndsWith("/exec", StringComparison.Ordinal))
        {
            await ExecAsync(ctx);
            return;
        }
        await RouteAsync(ctx, request);
    }

    private static Task Write(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json);
    }

    private static Task Status(HttpContext ctx, int code, JsonObject status) => Write(ctx, code, status.ToJsonString());

    private static Dictionary<string, string> Selector(HttpContext ctx)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var term in ctx.Request.Query["labelSelector"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = term.IndexOf('=');
            selector[term[..eq]] = term[(eq + 1)..];
        }
        return selector;
    }

    private static long ParseRv(string? text) => long.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
