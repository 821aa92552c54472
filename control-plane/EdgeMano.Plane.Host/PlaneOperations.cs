using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Host.Delivery;

namespace EdgeMano.Plane.Host;

/// <summary>Operator actions shared by REST and gRPC: change the fleet's intent, then deliver what it caused.</summary>
internal sealed class PlaneOperations(FleetController fleet, DesiredPublisher publisher, ILogger<PlaneOperations> logger)
{
    public (ApplyOutcome Outcome, DeploymentView View) Apply(DeploymentSpec spec)
    {
        var update = fleet.Apply(spec);
        publisher.Enqueue(update.ToPublish);
        var (outcome, deployment) = update.Result;
        if (outcome != ApplyOutcome.Unchanged)
            PlaneLog.DeploymentApplied(logger, deployment.Name, outcome.ToString().ToLowerInvariant(), deployment.Generation, update.ToPublish.Count);
        return (outcome, fleet.Deployment(spec.Name)!);
    }

    public bool Delete(string name)
    {
        var update = fleet.Delete(name);
        publisher.Enqueue(update.ToPublish);
        if (update.Result) PlaneLog.DeploymentDeleted(logger, name, update.ToPublish.Count);
        return update.Result;
    }
}
