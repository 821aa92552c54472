using System.Text;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.NetworkServices;
using EdgeMano.Plane.Host.Delivery;

namespace EdgeMano.Plane.Host.Api;

/// <summary>
/// REST /api/v1/ns_instances (docs/api.md, "Network services"), modelled on ETSI NFV-SOL 005 but
/// minimal: POST creates and instantiates in one step, DELETE terminates. NSDs themselves are
/// onboarded as packages (POST /api/v1/packages).
/// </summary>
internal static class NetworkServicesApi
{
    public static void MapNetworkServicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/ns_instances");

        api.MapPost("", InstantiateAsync)
            .WithSummary("Create and instantiate a network service from an onboarded NSD: {name, nsd: NAME@VERSION, selector | node}");

        api.MapGet("", (FleetController fleet) =>
            RestApi.Json(ApiJson.Items(fleet.NetworkServices().Select(v => (JsonNode)Instance(v)))))
            .WithSummary("List network service instances");

        api.MapGet("/{name}", (string name, FleetController fleet) =>
            fleet.NetworkService(name) is { } view ? RestApi.Json(Instance(view)) : NotFound(name))
            .WithSummary("One network service instance: its CNFs' deployments and nodes, its virtual links as networks");

        api.MapDelete("/{name}", (string name, FleetController fleet, DesiredPublisher publisher, ILogger<FleetController> logger) =>
        {
            var update = fleet.TerminateNetworkService(name);
            publisher.Enqueue(update.ToPublish);
            if (!update.Result) return NotFound(name);
            NetworkServicesLog.Terminated(logger, name, update.ToPublish.Count);
            return Results.NoContent();
        }).WithSummary("Terminate a network service instance: its deployments are deleted and its workloads and networks leave the nodes");
    }

    private static async Task<IResult> InstantiateAsync(HttpRequest request, FleetController fleet, DesiredPublisher publisher, ILogger<FleetController> logger)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (null or "" or "application/json" or "application/yaml" or "application/x-yaml" or "text/yaml" or "text/plain"))
        {
            await RequestBody.DrainAsync(request).ConfigureAwait(false);
            return Problems.UnsupportedMediaType(request.ContentType);
        }
        var text = await RequestBody.ReadTextAsync(request, RestApi.MaxBodyBytes).ConfigureAwait(false);
        if (text is null) return Problems.TooLarge(RestApi.MaxBodyBytes);

        var parsed = NsRequestYaml.Parse(text, "body");
        if (parsed.Request is not { } nsRequest) return Problems.Validation("The network service request is not valid", parsed.Errors);
        var update = fleet.InstantiateNetworkService(nsRequest);
        publisher.Enqueue(update.ToPublish);
        var result = update.Result;
        switch (result.Outcome)
        {
            case NsOutcome.Refused:
                NetworkServicesLog.Refused(logger, nsRequest.Name, nsRequest.Nsd.ToString(), result.Errors.Count, result.Errors.Count > 0 ? result.Errors[0].ToString() : "");
                return Problems.Validation("The network service cannot be instantiated", result.Errors);
            case NsOutcome.Conflict:
                return Problems.Conflict(result.Message);
        }
        var view = result.View!;
        if (result.Outcome == NsOutcome.Created)
            NetworkServicesLog.Instantiated(logger, view.Instance.Name, view.Instance.Nsd.ToString(), view.Cnfs.Count, view.Instance.Links.Count, update.ToPublish.Count);
        request.HttpContext.Response.Headers["X-EdgeMano-Outcome"] = result.Outcome.ToString().ToLowerInvariant();
        request.HttpContext.Response.Headers.Location = $"/api/v1/ns_instances/{view.Instance.Name}";
        var status = result.Outcome == NsOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return Results.Text(Instance(view).ToJsonString(), "application/json", Encoding.UTF8, status);
    }

    private static IResult NotFound(string name) => Problems.NotFound($"network service instance '{name}' not found");

    private static JsonObject Instance(NsInstanceView view)
    {
        var n = view.Instance;
        var json = new JsonObject
        {
            ["name"] = n.Name,
            ["nsd"] = new JsonObject { ["name"] = n.Nsd.Name, ["version"] = n.Nsd.Version, ["digest"] = n.NsdDigest },
            // SOL005's two states: an instance that exists here was instantiated when it was created.
            ["instantiationState"] = "INSTANTIATED",
            ["selector"] = Map(n.Selector),
            ["createdAt"] = ApiJson.Time(n.CreatedAt),
            ["cnfs"] = new JsonArray(view.Cnfs.Select(c => (JsonNode)Cnf(n, c)).ToArray()),
            ["virtualLinks"] = new JsonArray(n.Links.Select(l => (JsonNode)new JsonObject
            {
                ["name"] = l.Name,
                ["network"] = l.Network,
                ["members"] = Strings(l.Members),
            }).ToArray()),
        };
        if (n.Node.Length > 0) json.Insert(4, "node", n.Node);
        return json;
    }

    private static JsonObject Cnf(NsInstance instance, NsCnfView c)
    {
        var json = new JsonObject
        {
            ["name"] = c.Cnf.Name,
            ["package"] = new JsonObject { ["name"] = c.Cnf.Package.Name, ["version"] = c.Cnf.Package.Version },
            ["deployment"] = c.Cnf.Deployment,
            ["dnsNames"] = instance.Links.Any(l => l.Members.Contains(c.Cnf.Name)) ? Strings(NsNames.CnfAliases(instance.Name, c.Cnf.Name)) : new JsonArray(),
        };
        if (c.Deployment is not { } d)
        {
            json["state"] = "deployment missing";
            return json;
        }
        json["workloadNames"] = Strings(d.Deployment.Spec.Workloads.Select(w => w.Name));
        json["nodes"] = Strings(d.Nodes);
        json["unplaced"] = new JsonArray(d.Unplaced.Select(u => (JsonNode)new JsonObject { ["node"] = u.Node, ["reason"] = u.Reason }).ToArray());
        return json;
    }

    private static JsonObject Map(ValueMap map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map) json[key] = value;
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}

internal static partial class NetworkServicesLog
{
    [LoggerMessage(1040, LogLevel.Information, "Network service {Name} instantiated from {Nsd}: {Cnfs} CNF deployment(s), {Links} virtual link(s); {Nodes} node(s) get a new revision", EventName = "NetworkServiceInstantiated")]
    public static partial void Instantiated(ILogger logger, string name, string nsd, int cnfs, int links, int nodes);

    [LoggerMessage(1041, LogLevel.Information, "Network service {Name} from {Nsd} refused: {Count} error(s), first: {First}", EventName = "NetworkServiceRefused")]
    public static partial void Refused(ILogger logger, string name, string nsd, int count, string first);

    [LoggerMessage(1042, LogLevel.Information, "Network service {Name} terminated: {Nodes} node(s) get a new revision", EventName = "NetworkServiceTerminated")]
    public static partial void Terminated(ILogger logger, string name, int nodes);
}
