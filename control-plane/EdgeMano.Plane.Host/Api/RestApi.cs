using System.Text;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;

namespace EdgeMano.Plane.Host.Api;

/// <summary>REST /api/v1 (docs/api.md). Bad input gets a 400 problem naming the field, and changes nothing.</summary>
internal static class RestApi
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static void MapRestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");

        api.MapGet("/nodes", (string? selector, FleetController fleet) =>
        {
            var filter = ValueMap.Empty;
            if (selector is not null && LabelSelector.TryParse(selector, out filter) is { } error)
                return Problems.BadRequest("Invalid selector", "selector", error);
            return Json(ApiJson.Items(fleet.Nodes(filter).Select(n => (JsonNode)ApiJson.Node(n, fleet.IssuedFor(n.Id)))));
        }).WithSummary("List nodes, optionally those whose labels match a selector k=v,k2=v2");

        api.MapGet("/nodes/{id}", (string id, FleetController fleet) =>
            fleet.Node(id) is { } node ? Json(ApiJson.Node(node, fleet.IssuedFor(id))) : Problems.NotFound($"node '{id}' not found"))
            .WithSummary("One node: presence, revisions, workloads");

        api.MapGet("/nodes/{id}/events", (string id, int? limit, FleetController fleet, IPlaneStore store) =>
        {
            if (fleet.Node(id) is null) return Problems.NotFound($"node '{id}' not found");
            if (limit is < 1 or > 1000) return Problems.BadRequest("Invalid limit", "limit", $"must be between 1 and 1000, got {limit}");
            return Json(ApiJson.Items(store.LoadEvents(id, limit ?? 100).Select(e => (JsonNode)ApiJson.Event(e))));
        }).WithSummary("A node's latest events, oldest first");

        api.MapGet("/deployments", (FleetController fleet) =>
            Json(ApiJson.Items(fleet.Deployments().Select(d => (JsonNode)ApiJson.Deployment(d)))))
            .WithSummary("List deployments");

        api.MapGet("/deployments/{name}", (string name, FleetController fleet) =>
            fleet.Deployment(name) is { } view ? Json(ApiJson.Deployment(view)) : Problems.NotFound($"deployment '{name}' not found"))
            .WithSummary("One deployment with the nodes it is placed on");

        api.MapPut("/deployments/{name}", (string name, HttpRequest request, PlaneOperations ops) => ApplyAsync(request, ops, name))
            .WithSummary("Create or update a deployment (JSON or YAML body); idempotent");

        api.MapPost("/deployments", (HttpRequest request, PlaneOperations ops) => ApplyAsync(request, ops, null))
            .WithSummary("Create or update the deployment named in the body (JSON or YAML); idempotent");

        api.MapDelete("/deployments/{name}", (string name, PlaneOperations ops) =>
            ops.Delete(name) ? Results.NoContent() : Problems.NotFound($"deployment '{name}' not found"))
            .WithSummary("Delete a deployment; its workloads are removed from its nodes");
    }

    private static async Task<IResult> ApplyAsync(HttpRequest request, PlaneOperations ops, string? name)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (null or "" or "application/json" or "application/yaml" or "application/x-yaml" or "text/yaml" or "text/plain"))
        {
            await RequestBody.DrainAsync(request).ConfigureAwait(false);
            return Problems.UnsupportedMediaType(request.ContentType);
        }
        var text = await RequestBody.ReadTextAsync(request, MaxBodyBytes).ConfigureAwait(false);
        if (text is null) return Problems.TooLarge(MaxBodyBytes);

        var parsed = DeploymentYaml.Parse(text, "body", name);
        if (parsed.Spec is null) return Problems.Validation("The deployment is not valid", parsed.Errors);
        var (outcome, view, error) = ops.Apply(parsed.Spec);
        if (outcome == ApplyOutcome.Conflict) return Problems.Conflict(error!.Message);
        if (view is null) return Problems.Validation("The deployment is not valid", [error!]);
        var body = ApiJson.Deployment(view).ToJsonString();
        var status = outcome == ApplyOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        // 200 covers both "updated" and "unchanged"; the header tells them apart without another request.
        request.HttpContext.Response.Headers["X-EdgeMano-Outcome"] = outcome.ToString().ToLowerInvariant();
        return Results.Text(body, "application/json", Encoding.UTF8, status);
    }

    internal static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8);
}
