using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

public sealed partial class FakeApiServer
{
    /// <summary>
    /// /api/v1/... or /apis/{group}/{version}/..., then: [] discovery, [plural] cluster collection,
    /// [namespaces, ns] a namespace, [namespaces, ns, plural] a collection, [..., name] an object.
    /// </summary>
    private async Task RouteAsync(HttpContext ctx, FakeRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        var prefixLength = segments[0] == "api" ? 2 : 3;
        if (segments.Length < prefixLength || segments[0] is not ("api" or "apis"))
        {
            await NotFound(ctx, request.Path);
            return;
        }
        var prefix = "/" + string.Join('/', segments[..prefixLength]);
        var rest = segments[prefixLength..];
        if (rest.Length == 0)
        {
            if (prefix == "/apis/helm.cattle.io/v1" && ServesHelmCrd) await Write(ctx, 200, Fixtures.Text("apiresourcelist-helm-cattle-io-v1.json"));
            else await PlainNotFound(ctx);
            return;
        }
        (string Collection, string? Ns, string? Name) target = rest switch
        {
            [var plural] => ($"{prefix}/{plural}", null, null),
            ["namespaces", var name] => ($"{prefix}/namespaces", null, name),
            ["namespaces", var ns, var plural] => ($"{prefix}/namespaces/{ns}/{plural}", ns, null),
            ["namespaces", var ns, var plural, var name] => ($"{prefix}/namespaces/{ns}/{plural}", ns, name),
            _ => ("", null, null),
        };
        if (target.Collection.Length == 0)
        {
            await PlainNotFound(ctx);
            return;
        }

        switch (request.Method, target.Name)
        {
            case ("GET", null) when ctx.Request.Query["watch"] == "true":
                await WatchAsync(ctx, target.Collection);
                break;
            case ("GET", null):
                var (rv, items) = Store.List(target.Collection, Selector(ctx));
                await Status(ctx, 200, new JsonObject
                {
                    ["kind"] = "List",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    ["items"] = new JsonArray([.. items]),
                });
                break;
            case ("GET", { } name):
                if (Store.Get(target.Collection, name) is { } found) await Status(ctx, 200, found);
                else await NotFound(ctx, name);
                break;
            case ("PATCH", { } name):
                var apply = request.ContentType.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal);
                if (!apply && !request.ContentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal))
                {
                    await Status(ctx, 415, Fixtures.Status(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml, application/merge-patch+json (got {request.ContentType})"));
                    break;
                }
                if (!apply && Store.Get(target.Collection, name) is null)
                {
                    await NotFound(ctx, name);
                    break;
                }
                var (patched, created) = Store.Patch(target.Collection, target.Ns, name, request.Json, nullDeletes: !apply);
                OnPatched?.Invoke(target.Collection, patched);
                await Status(ctx, created ? 201 : 200, patched);
                break;
            case ("DELETE", { } name):
                await DeleteAsync(ctx, request, target.Collection, name);
                break;
            default:
                await Status(ctx, 405, Fixtures.Status(405, "MethodNotAllowed", $"{request.Method} is not supported on {request.Path}"));
                break;
        }
    }

    /// <summary>Runs after every patch: a test can act as a controller (k3s's helm-controller).</summary>
    public Action<string, JsonObject>? OnPatched { get; set; }

    private async Task DeleteAsync(HttpContext ctx, FakeRequest request, string collection, string name)
    {
        var current = Store.Get(collection, name);
        if (current is null)
        {
            await NotFound(ctx, name);
            return;
        }
        var uid = request.Body.Length > 0 ? JsonNode.Parse(request.Body)?["preconditions"]?["uid"]?.GetValue<string>() : null;
        var actual = current["metadata"]!["uid"]!.GetValue<string>();
        if (uid is not null && uid != actual)
        {
            await Status(ctx, 409, Fixtures.Status(409, "Conflict",
                $"Operation cannot be fulfilled on {collection.Split('/')[^1]} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {actual}"));
            return;
        }
        var deleted = Store.Delete(collection, name)!;
        // As recorded: a Service delete answers with the object, the other kinds with a Status.
        if (collection.EndsWith("/services", StringComparison.Ordinal))
        {
            await Status(ctx, 200, deleted);
            return;
        }
        await Status(ctx, 200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = new JsonObject { ["name"] = name, ["kind"] = collection.Split('/')[^1], ["uid"] = actual },
        });
    }

    private async Task WatchAsync(HttpContext ctx, string collection)
    {
        if (RejectWatches)
        {
            await Status(ctx, 503, Fixtures.Status(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
            return;
        }
        var watcher = Store.Watch(collection, Selector(ctx), ParseRv(ctx.Request.Query["resourceVersion"]));
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.StartAsync();
        await ctx.Response.Body.FlushAsync();
        if (watcher is null)
        {
            // As the real server does: 200, one ERROR event carrying a 410 Status, end of stream.
            var expired = Fixtures.Status(410, "Expired", $"too old resource version: {ctx.Request.Query["resourceVersion"]} ({Store.ResourceVersion})");
            await ctx.Response.WriteAsync(FakeObjectStore.Line("ERROR", expired) + "\n");
            return;
        }
        _openWatches[ctx] = 0;
        try
        {
            await foreach (var line in watcher.Lines.Reader.ReadAllAsync(ctx.RequestAborted))
            {
                await ctx.Response.WriteAsync(line + "\n", ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _openWatches.TryRemove(ctx, out _);
            Store.Unwatch(watcher);
        }
    }

    private static Task NotFound(HttpContext ctx, string name) => Status(ctx, 404, Fixtures.Status(404, "NotFound", $"\"{name}\" not found"));

    /// <summary>An unserved API group: the real server answers with a plain-text 404.</summary>
    private static Task PlainNotFound(HttpContext ctx)
    {
        ctx.Response.StatusCode = 404;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        return ctx.Response.WriteAsync("404 page not found\n");
    }
}
