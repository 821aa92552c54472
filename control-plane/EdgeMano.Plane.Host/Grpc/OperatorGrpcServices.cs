using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Store.Mapping;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Host.Delivery;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Plane.Host.Grpc;

/// <summary>The REST fleet operations over gRPC (proto/edgemano/v1/plane.proto).</summary>
internal sealed class FleetGrpcService(FleetController fleet, IPlaneStore store) : Wire.Fleet.FleetBase
{
    public override Task<Wire.ListNodesResponse> ListNodes(Wire.ListNodesRequest request, ServerCallContext context)
    {
        var response = new Wire.ListNodesResponse();
        response.Nodes.AddRange(fleet.Nodes(new ValueMap(request.Selector)).Select(ToWire));
        return Task.FromResult(response);
    }

    public override Task<Wire.Node> GetNode(Wire.GetNodeRequest request, ServerCallContext context) =>
        Task.FromResult(ToWire(fleet.Node(request.NodeId) ?? throw NotFound($"node '{request.NodeId}' not found")));

    public override Task<Wire.ListNodeEventsResponse> ListNodeEvents(Wire.GetNodeRequest request, ServerCallContext context)
    {
        if (fleet.Node(request.NodeId) is null) throw NotFound($"node '{request.NodeId}' not found");
        var response = new Wire.ListNodeEventsResponse();
        response.Events.AddRange(store.LoadEvents(request.NodeId, 100).Select(WireMapping.ToWire));
        return Task.FromResult(response);
    }

    internal static RpcException NotFound(string detail) => new(new Status(StatusCode.NotFound, detail));

    private static Wire.Node ToWire(NodeRecord n)
    {
        var info = new Wire.NodeInfo
        {
            NodeId = n.Id, Arch = n.Identity.Arch, Runtime = n.Identity.Runtime, AgentVersion = n.Identity.AgentVersion,
            Capacity = new Wire.Capacity { CpuMillis = n.Identity.CpuMillis, MemoryBytes = n.Identity.MemoryBytes },
        };
        info.Labels.Add(n.Identity.Labels.ToDictionary());
        var node = new Wire.Node
        {
            Info = info, Presence = n.Presence.ToString().ToLowerInvariant(),
            DesiredRevision = n.DesiredRevision, ObservedRevision = n.ObservedRevision, EventsDropped = n.EventsDropped,
        };
        if (n.LastSeen != default) node.LastSeen = Timestamp.FromDateTimeOffset(n.LastSeen);
        node.Workloads.AddRange(n.Workloads.Select(WireMapping.ToWire));
        return node;
    }
}

internal sealed class DeploymentsGrpcService(FleetController fleet, PlaneOperations ops) : Wire.Deployments.DeploymentsBase
{
    public override Task<Wire.Deployment> ApplyDeployment(Wire.Deployment request, ServerCallContext context)
    {
        var spec = new DeploymentSpec
        {
            Name = request.Name,
            Selector = new ValueMap(request.Selector),
            Workloads = new ValueList<WorkloadSpec>(request.Workloads.Select(DesiredStateProtoMapper.FromProto)),
        };
        var errors = new List<string>();
        if (!Names.IsDnsLabel(spec.Name)) errors.Add($"name: '{spec.Name}' is not a valid deployment name (DNS label)");
        if (spec.Workloads.Count == 0) errors.Add("workloads: must list at least one workload");
        errors.AddRange(DesiredStateValidator.Validate(new DesiredState { NodeId = "plane", Revision = 0, Workloads = spec.Workloads }).Select(e => e.ToString()));
        if (errors.Count > 0) throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", errors)));
        var (outcome, view, error) = ops.Apply(spec);
        if (outcome == ApplyOutcome.Conflict) throw new RpcException(new Status(StatusCode.FailedPrecondition, error?.Message ?? "conflict"));
        if (view is null) throw new RpcException(new Status(StatusCode.InvalidArgument, $"{error?.Path}: {error?.Message}"));
        return Task.FromResult(ToWire(view));
    }

    public override Task<Wire.ListDeploymentsResponse> ListDeployments(Wire.ListDeploymentsRequest request, ServerCallContext context)
    {
        var response = new Wire.ListDeploymentsResponse();
        response.Deployments.AddRange(fleet.Deployments().Select(ToWire));
        return Task.FromResult(response);
    }

    public override Task<Wire.Deployment> GetDeployment(Wire.GetDeploymentRequest request, ServerCallContext context) =>
        Task.FromResult(ToWire(fleet.Deployment(request.Name) ?? throw FleetGrpcService.NotFound($"deployment '{request.Name}' not found")));

    public override Task<Wire.DeleteDeploymentResponse> DeleteDeployment(Wire.GetDeploymentRequest request, ServerCallContext context) =>
        Task.FromResult(new Wire.DeleteDeploymentResponse { Deleted = ops.Delete(request.Name) });

    private static Wire.Deployment ToWire(DeploymentView view)
    {
        var d = view.Deployment;
        var message = new Wire.Deployment
        {
            Name = d.Name, Generation = d.Generation,
            CreatedAt = Timestamp.FromDateTimeOffset(d.CreatedAt), UpdatedAt = Timestamp.FromDateTimeOffset(d.UpdatedAt),
        };
        message.Selector.Add(d.Spec.Selector.ToDictionary());
        message.Workloads.AddRange(d.Spec.Workloads.Select(DesiredStateProtoMapper.ToProto));
        message.Nodes.AddRange(view.Nodes);
        message.Unplaced.AddRange(view.Unplaced.Select(u => $"{u.Node}: {u.Reason}"));
        return message;
    }
}
