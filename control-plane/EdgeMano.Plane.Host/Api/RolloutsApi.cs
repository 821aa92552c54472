using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Host.Api;

/// <summary>REST for rollouts (docs/api.md, "Rollouts"): watch one, pause, resume, roll back, and read the revision history.</summary>
internal static class RolloutsApi
{
    public const int MaxReasonLength = 500;

    public static void MapRolloutsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/deployments/{name}");

        api.MapGet("/rollout", (string name, FleetController fleet) =>
        {
            if (fleet.Deployment(name) is null) return Problems.NotFound($"deployment '{name}' not found");
            return fleet.RolloutOf(name) is { } rollout
                ? RestApi.Json(RolloutJson.Full(rollout))
                : Problems.NotFound($"deployment '{name}' has no rollout: one starts when its workloads change and it has a rollout block");
        }).WithSummary("The deployment's latest rollout: waves, nodes and timeline");

        api.MapPost("/rollout/pause", (string name, string? reason, PlaneOperations ops) => Command(name, FleetController.RolloutCommand.Pause, reason, ops))
            .WithSummary("Pause the running rollout: no more nodes are told the new revision (nodes on trial are still judged)");

        api.MapPost("/rollout/resume", (string name, string? reason, PlaneOperations ops) => Command(name, FleetController.RolloutCommand.Resume, reason, ops))
            .WithSummary("Resume a paused rollout");

        api.MapPost("/rollback", (string name, long? generation, string? reason, PlaneOperations ops) =>
        {
            if (BadReason(reason) is { } bad) return bad;
            if (generation is < 1) return Problems.BadRequest("Invalid generation", "generation", $"must be 1 or more, got {generation}");
            var (view, error, notFound) = ops.RollBack(name, generation, reason ?? "");
            if (view is not null) return RestApi.Json(ApiJson.Deployment(view));
            return notFound ? Problems.NotFound(error!) : Problems.Conflict(error!);
        }).WithSummary("Roll back: the running rollout, or else to an earlier generation's spec (?generation=N; default: the newest earlier one that reached every node)");

        api.MapGet("/revisions", (string name, FleetController fleet) =>
            fleet.HistoryOf(name) is { } history ? RestApi.Json(RolloutJson.Revisions(history)) : Problems.NotFound($"deployment '{name}' not found"))
            .WithSummary("The deployment's revision history, oldest first");
    }

    private static IResult Command(string name, FleetController.RolloutCommand command, string? reason, PlaneOperations ops)
    {
        if (BadReason(reason) is { } bad) return bad;
        var result = ops.ControlRollout(name, command, reason ?? "");
        if (result.Error is { } error) return result.NotFound ? Problems.NotFound(error) : Problems.Conflict(error);
        return RestApi.Json(RolloutJson.Full(result.Rollout!));
    }

    private static IResult? BadReason(string? reason) =>
        reason is { Length: > MaxReasonLength }
            ? Problems.BadRequest("Invalid reason", "reason", $"at most {MaxReasonLength} characters, got {reason.Length}")
            : null;
}
