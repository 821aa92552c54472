using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Host.Delivery;

namespace EdgeMano.Plane.Host;

/// <summary>Operator actions shared by REST and gRPC: change the fleet's intent, then deliver what it caused.</summary>
internal sealed class PlaneOperations(FleetController fleet, DesiredPublisher publisher, ILogger<PlaneOperations> logger)
{
    /// <summary>Applies a deployment; one that names a package not onboarded is refused with the error (nothing changes).</summary>
    public (ApplyOutcome Outcome, DeploymentView? View, LocatedError? Error) Apply(DeploymentSpec requested, string source = "body")
    {
        var (spec, error) = fleet.ResolvePackage(requested, source);
        if (spec is null) return (ApplyOutcome.Unchanged, null, error);
        var update = fleet.Apply(spec);
        publisher.Enqueue(update.ToPublish);
        var (outcome, deployment) = update.Result;
        if (outcome == ApplyOutcome.Conflict) return (outcome, null, new LocatedError(source, 0, 0, "", update.Result.Message));
        if (outcome != ApplyOutcome.Unchanged)
            PlaneLog.DeploymentApplied(logger, deployment.Name, outcome.ToString().ToLowerInvariant(), deployment.Generation, update.ToPublish.Count);
        return (outcome, fleet.Deployment(spec.Name)!, null);
    }

    /// <summary>Pauses, resumes or rolls back a deployment's rollout, and delivers the nodes it moved.</summary>
    public RolloutCommandResult ControlRollout(string name, FleetController.RolloutCommand command, string reason)
    {
        var update = fleet.ControlRollout(name, command, reason);
        publisher.Enqueue(update.ToPublish);
        if (update.Result.Error is null) PlaneLog.RolloutCommand(logger, name, command.ToString().ToLowerInvariant(), update.ToPublish.Count);
        return update.Result;
    }

    /// <summary>
    /// A manual rollback: of the running rollout if there is one, else by applying an earlier
    /// generation's spec again (<paramref name="generation"/>, or the newest earlier one that reached every node).
    /// </summary>
    public (DeploymentView? View, string? Error, bool NotFound) RollBack(string name, long? generation, string reason)
    {
        if (fleet.RolloutOf(name) is { IsFinished: false } && generation is null)
        {
            var result = ControlRollout(name, FleetController.RolloutCommand.Rollback, reason);
            return (result.Error is null ? fleet.Deployment(name) : null, result.Error, result.NotFound);
        }
        var (spec, error) = fleet.SpecToRollBackTo(name, generation);
        if (spec is null) return (null, error, generation is not null || fleet.Deployment(name) is null);
        var (_, view, conflict) = Apply(spec, "rollback");
        return (view, conflict?.Message, false);
    }

    public bool Delete(string name)
    {
        var update = fleet.Delete(name);
        publisher.Enqueue(update.ToPublish);
        if (update.Result) PlaneLog.DeploymentDeleted(logger, name, update.ToPublish.Count);
        return update.Result;
    }

    public OnboardResult Onboard(string fileName, byte[] content)
    {
        var result = fleet.Onboard(fileName, content);
        if (result.Entry is { } entry && result.Outcome == OnboardOutcome.Created)
            PlaneLog.PackageOnboarded(logger, entry.Model.Name, entry.Model.Version, entry.Model.Format.ToString(), entry.Model.Digest, entry.Model.Vdus.Count);
        else if (result.Outcome == OnboardOutcome.Refused)
            PlaneLog.PackageRefused(logger, fileName, result.Errors.Count, result.Errors.Count > 0 ? result.Errors[0].ToString() : "");
        return result;
    }
}
