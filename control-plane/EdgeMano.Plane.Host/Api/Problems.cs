using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Host.Api;

/// <summary>RFC 9457 problem bodies (docs/api.md, "Errors").</summary>
internal static class Problems
{
    private const string TypeBase = "https://edgemano.dev/problems/";

    public static IResult Validation(string title, IReadOnlyList<LocatedError> errors)
    {
        var detail = $"{errors.Count} error{(errors.Count == 1 ? "" : "s")}: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}"));
        var body = Body("validation", title, StatusCodes.Status400BadRequest, detail);
        body["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["file"] = e.File, ["path"] = e.Path, ["line"] = e.Line, ["column"] = e.Column, ["message"] = e.Message,
        }).ToArray());
        return Result(body, StatusCodes.Status400BadRequest);
    }

    public static IResult BadRequest(string title, string path, string message) =>
        Validation(title, [new LocatedError("request", 0, 0, path, message)]);

    public static IResult NotFound(string detail) => Result(Body("not-found", "Not found", StatusCodes.Status404NotFound, detail), StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) => Result(Body("conflict", "Conflict", StatusCodes.Status409Conflict, detail), StatusCodes.Status409Conflict);

    public static IResult TooLarge(long limit) =>
        Result(Body("too-large", "Request body too large", StatusCodes.Status413PayloadTooLarge, $"the body is over the {limit}-byte limit"), StatusCodes.Status413PayloadTooLarge);

    /// <param name="accepted">What to send instead, for the message, e.g. "application/json or application/yaml".</param>
    public static IResult UnsupportedMediaType(string? contentType, string accepted = "application/json or application/yaml") =>
        Result(Body("unsupported-media-type", "Unsupported content type", StatusCodes.Status415UnsupportedMediaType,
            $"'{contentType}' is not accepted: send {accepted}"), StatusCodes.Status415UnsupportedMediaType);

    public static JsonObject Body(string type, string title, int status, string detail) => new()
    {
        ["type"] = TypeBase + type, ["title"] = title, ["status"] = status, ["detail"] = detail,
    };

    public static IResult Result(JsonObject body, int status) =>
        Results.Text(body.ToJsonString(), "application/problem+json", System.Text.Encoding.UTF8, status);
}
