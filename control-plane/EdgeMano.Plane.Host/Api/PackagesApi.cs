using System.Text;
using System.Text.Json.Nodes;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Packages;

namespace EdgeMano.Plane.Host.Api;

/// <summary>REST /api/v1/packages (docs/api.md, "Packages"): onboard, list, show, export, delete.</summary>
internal static class PackagesApi
{
    public const int MaxPackageBytes = 16 * 1024 * 1024;

    private static readonly string[] AcceptedTypes =
        ["application/zip", "application/x-zip-compressed", "application/gzip", "application/x-gzip", "application/x-tar",
         "application/yaml", "application/x-yaml", "text/yaml", "text/plain", "application/octet-stream"];

    public static void MapPackagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/packages");

        api.MapPost("", OnboardAsync)
            .WithSummary("Onboard a CNF package: a CSAR or zipped directory, a .tar.gz, or one descriptor YAML");

        api.MapGet("", (FleetController fleet) =>
            RestApi.Json(ApiJson.Items(fleet.Packages().Select(p => (JsonNode)Package(p, fleet, detail: false)))))
            .WithSummary("List packages, every version");

        api.MapGet("/{name}", (string name, FleetController fleet) =>
        {
            var versions = fleet.Packages(name);
            return versions.Count == 0
                ? Problems.NotFound($"package '{name}' not found")
                : RestApi.Json(ApiJson.Items(versions.Select(p => (JsonNode)Package(p, fleet, detail: false))));
        }).WithSummary("Every version of one package");

        api.MapGet("/{name}/{version}", (string name, string version, FleetController fleet) =>
            fleet.Package(name, version) is { } entry ? RestApi.Json(Package(entry, fleet, detail: true)) : NotFound(name, version))
            .WithSummary("One package version with its VDUs, connection points and notes");

        api.MapGet("/{name}/{version}/content", (string name, string version, FleetController fleet) =>
            fleet.Package(name, version) is { } entry
                ? Results.File(entry.Stored.Content, "application/octet-stream", entry.Stored.FileName)
                : NotFound(name, version))
            .WithSummary("The package's bytes as onboarded (export)");

        api.MapDelete("/{name}/{version}", (string name, string version, FleetController fleet, ILogger<PlaneOperations> logger) =>
        {
            var (outcome, users) = fleet.DeletePackage(name, version);
            if (outcome == FleetController.PackageDeleteOutcome.Deleted) PlaneLog.PackageDeleted(logger, name, version);
            return outcome switch
            {
                FleetController.PackageDeleteOutcome.Deleted => Results.NoContent(),
                FleetController.PackageDeleteOutcome.InUse => InUse(name, version, users),
                _ => NotFound(name, version),
            };
        }).WithSummary("Delete a package version that no deployment uses");
    }

    private static async Task<IResult> OnboardAsync(HttpRequest request, string? filename, PlaneOperations ops, FleetController fleet)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (null or "") && !AcceptedTypes.Contains(mediaType))
        {
            await RequestBody.DrainAsync(request).ConfigureAwait(false);
            return Problems.UnsupportedMediaType(request.ContentType, "the package as application/zip, application/gzip, application/yaml or application/octet-stream");
        }
        var content = await RequestBody.ReadBytesAsync(request, MaxPackageBytes).ConfigureAwait(false);
        if (content is null) return Problems.TooLarge(MaxPackageBytes);
        var name = string.IsNullOrWhiteSpace(filename) ? "package" : Path.GetFileName(filename.Trim());
        var result = ops.Onboard(name, content);
        return result.Outcome switch
        {
            OnboardOutcome.Refused => Problems.Validation("The package is not valid", result.Errors),
            OnboardOutcome.Conflict => Problems.Conflict(result.Message),
            _ => Created(result, request, fleet),
        };
    }

    private static IResult Created(OnboardResult result, HttpRequest request, FleetController fleet)
    {
        var entry = result.Entry!;
        request.HttpContext.Response.Headers["X-EdgeMano-Outcome"] = result.Outcome.ToString().ToLowerInvariant();
        var status = result.Outcome == OnboardOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return Results.Text(Package(entry, fleet, detail: true).ToJsonString(), "application/json", Encoding.UTF8, status);
    }

    private static IResult InUse(string name, string version, IReadOnlyList<string> users)
    {
        var body = Problems.Body("conflict", "Conflict", StatusCodes.Status409Conflict,
            $"package {name} {version} is used by deployment(s) {string.Join(", ", users)}: delete them or move them to another version first");
        body["usedBy"] = Strings(users);
        return Problems.Result(body, StatusCodes.Status409Conflict);
    }

    private static IResult NotFound(string name, string version) => Problems.NotFound($"package '{name}' version '{version}' not found");

    private static JsonObject Package(PackageEntry entry, FleetController fleet, bool detail)
    {
        var m = entry.Model;
        var json = new JsonObject
        {
            ["name"] = m.Name,
            ["version"] = m.Version,
            ["provider"] = m.Provider,
            ["format"] = m.Format switch { PackageFormat.EdgeMano => "edgemano", PackageFormat.Sol001 => "sol001", _ => "osm-knf" },
            ["container"] = Camel(m.Container.ToString()),
            ["descriptorId"] = m.DescriptorId,
            ["digest"] = m.Digest,
            ["onboardedAt"] = ApiJson.Time(entry.Stored.OnboardedAt),
            ["sizeBytes"] = entry.Stored.Content.Length,
            ["usedBy"] = Strings(fleet.PackageUsers(m.Name, m.Version)),
            ["vdus"] = new JsonArray(m.Vdus.Select(v => (JsonNode)new JsonObject
            {
                ["name"] = v.Name,
                ["source"] = Camel(v.Source.ToString()),
                ["workloads"] = Strings(v.Workloads.Select(w => w.Name)),
                ["connectionPoints"] = Strings(v.ConnectionPoints),
            }).ToArray()),
        };
        if (!detail) return json;
        json["description"] = m.Description;
        json["virtualLinks"] = new JsonArray(m.VirtualLinks.Select(l => (JsonNode)new JsonObject { ["name"] = l.Name, ["description"] = l.Description }).ToArray());
        json["connectionPoints"] = new JsonArray(m.ConnectionPoints.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name, ["vdu"] = c.Vdu, ["virtualLink"] = c.VirtualLink, ["external"] = c.External,
            ["ports"] = new JsonArray(c.Ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["protocol"] = p.Protocol }).ToArray()),
        }).ToArray());
        json["workloads"] = new JsonArray(m.Workloads.Select(w => (JsonNode)ApiJson.Workload(w)).ToArray());
        json["notes"] = new JsonArray(m.Notes.Select(n => (JsonNode)new JsonObject
        {
            ["file"] = n.File, ["line"] = n.Line, ["path"] = n.Path, ["message"] = n.Message,
        }).ToArray());
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static string Camel(string pascal) => pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];
}
