using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.NetworkServices;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Packages;
using EdgeMano.Plane.Packages.NetworkServices;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>
/// Network services: an instance of an onboarded NSD becomes ordinary deployments, one per CNF
/// (<see cref="NsExpansion"/>), created together with the instance record in one commit and
/// removed together when it is terminated.
/// </summary>
public sealed partial class FleetController
{
    /// <summary>Loaded from the store at first use (under the lock): the constructor does not know them.</summary>
    private Dictionary<string, NsInstance>? _networkServices;

    private Dictionary<string, NsInstance> NetworkServicesLocked() =>
        _networkServices ??= _store.Load().NetworkServices.ToDictionary(n => n.Name, StringComparer.Ordinal);

    /// <summary>
    /// Instantiates an NSD: checks it against the catalog (packages onboarded since the NSD are
    /// taken into account), expands it, and stores the deployments and the instance together.
    /// </summary>
    public FleetUpdate<NsInstantiateResult> InstantiateNetworkService(NsInstantiateRequest request, string source = "body")
    {
        lock (_gate)
        {
            var services = NetworkServicesLocked();
            if (services.TryGetValue(request.Name, out var existing))
            {
                return SameRequest(existing, request)
                    ? new(new(NsOutcome.Unchanged, ViewOf(existing), []), [])
                    : new(Refuse(NsOutcome.Conflict, $"network service instance '{request.Name}' exists already (from {existing.Nsd}); terminate it first or choose another name"), []);
            }
            var (nsd, refusal) = ResolveNsd(request, source);
            if (nsd is null) return new(refusal!, []);
            if (SelectorFor(request, source, out var errorOrNull) is not { } selector) return new(new(NsOutcome.Refused, null, [errorOrNull!]), []);

            var service = nsd.Model.NetworkService!;
            var catalogErrors = NetworkServiceCatalogCheck.Check(service, PackageModel, VersionsOf);
            if (catalogErrors.Count > 0) return new(new(NsOutcome.Refused, null, catalogErrors), []);
            var packages = service.Cnfs.ToDictionary(c => c.Name,
                c => (new PackageRef(c.PackageName, c.PackageVersion), _packages[PackageKey.Of(c.PackageName, c.PackageVersion)].Model), StringComparer.Ordinal);
            var plan = NsExpansion.Expand(request.Name, service, selector, packages);
            if (plan.Errors.Count > 0)
                return new(new(NsOutcome.Refused, null, plan.Errors.Select(e => new LocatedError(nsd.Stored.FileName, 0, 0, "", e)).ToList()), []);
            if (plan.Deployments.FirstOrDefault(d => _deployments.ContainsKey(d.Name)) is { } taken)
                return new(Refuse(NsOutcome.Conflict, $"deployment '{taken.Name}' exists already: instance '{request.Name}' would create it for a CNF; delete it or choose another instance name"), []);

            var now = _time.GetUtcNow();
            var instance = new NsInstance
            {
                Name = request.Name, Nsd = request.Nsd, NsdDigest = nsd.Model.Digest, Selector = selector, Node = request.Node ?? "",
                Cnfs = new(plan.Cnfs), Links = new(plan.Links), CreatedAt = now,
            };
            var restore = SaveAll();
            var deployments = plan.Deployments.Select(spec => new Deployment { Spec = spec, Sequence = ++_lastSequence, CreatedAt = now, UpdatedAt = now }).ToList();
            foreach (var d in deployments) _deployments[d.Name] = d;
            var issued = CommitFleetChange(new PlaneChange { UpsertDeployments = deployments, UpsertNetworkServices = [instance] }, restore, now);
            services[instance.Name] = instance;
            return new(new(NsOutcome.Created, ViewOf(instance), []), issued);
        }
    }

    /// <summary>Terminates an instance: its deployments (those still there) and its record go in one commit.</summary>
    public FleetUpdate<bool> TerminateNetworkService(string name)
    {
        lock (_gate)
        {
            var services = NetworkServicesLocked();
            if (!services.TryGetValue(name, out var instance)) return new(false, []);
            var restore = SaveAll();
            var gone = instance.Cnfs.Select(c => c.Deployment).Where(_deployments.Remove).ToList();
            ForgetRollouts(gone);
            var issued = CommitFleetChange(new PlaneChange { DeleteDeployments = gone, DeleteRollouts = gone, DeleteNetworkServices = [name] }, restore, _time.GetUtcNow());
            services.Remove(name);
            return new(true, issued);
        }
    }

    public IReadOnlyList<NsInstanceView> NetworkServices()
    {
        lock (_gate) return NetworkServicesLocked().Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(ViewOf).ToList();
    }

    public NsInstanceView? NetworkService(string name)
    {
        lock (_gate) return NetworkServicesLocked().TryGetValue(name, out var instance) ? ViewOf(instance) : null;
    }

    /// <summary>Instances made from the NSD NAME@VERSION (an NSD in use should not be deleted).</summary>
    public IReadOnlyList<string> NetworkServiceUsers(string name, string version)
    {
        lock (_gate) return NetworkServiceUsersLocked(name, version);
    }

    /// <summary>For <c>UsersLocked</c> (package delete): the instances made from an NSD, as "ns-instance NAME".</summary>
    private List<string> NetworkServiceUsersLocked(string name, string version) =>
        NetworkServicesLocked().Values.Where(n => n.Nsd.Name == name && n.Nsd.Version == version)
            .Select(n => n.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>
    /// For <c>Onboard</c>, under the lock: an NSD's checks against the catalog (unknown packages,
    /// port clashes), so an NSD that could never be instantiated is not stored. Empty for a CNF.
    /// </summary>
    private IReadOnlyList<LocatedError> CheckNetworkServiceLocked(CnfPackage model) =>
        model.NetworkService is { } service ? NetworkServiceCatalogCheck.Check(service, PackageModel, VersionsOf) : [];

    private NsInstanceView ViewOf(NsInstance instance) =>
        new(instance, instance.Cnfs.Select(c => new NsCnfView(c, _deployments.TryGetValue(c.Deployment, out var d) ? ViewOf(d) : null)).ToList());

    private static bool SameRequest(NsInstance existing, NsInstantiateRequest request) =>
        existing.Nsd == request.Nsd && (request.Node is { } node ? existing.Node == node : existing.Node.Length == 0 && existing.Selector.Equals(request.Selector));

    private static NsInstantiateResult Refuse(NsOutcome outcome, string message) => new(outcome, null, [], message);

    /// <summary>The onboarded NSD the request names, or why there is none.</summary>
    private (PackageEntry? Entry, NsInstantiateResult? Refusal) ResolveNsd(NsInstantiateRequest request, string source)
    {
        var reference = request.Nsd;
        if (!_packages.TryGetValue(PackageKey.Of(reference.Name, reference.Version), out var entry))
        {
            var versions = VersionsOf(reference.Name);
            var hint = versions.Count == 0 ? "onboard it first (POST /api/v1/packages, or edgemano packages onboard PATH)" : $"onboarded versions: {string.Join(", ", versions)}";
            return (null, new(NsOutcome.Refused, null, [new LocatedError(source, 0, 0, "nsd", $"network service descriptor {reference.Name} {reference.Version} is not onboarded: {hint}")]));
        }
        if (!entry.Model.IsNetworkService)
        {
            return (null, new(NsOutcome.Refused, null, [new LocatedError(source, 0, 0, "nsd",
                $"package {reference} is a CNF package, not a network service descriptor: deploy it with a deployment (package: {reference}), or name an NSD")]));
        }
        return (entry, null);
    }

    /// <summary>The request's selector; for a node id, that node's labels, which must select it alone.</summary>
    private ValueMap? SelectorFor(NsInstantiateRequest request, string source, out LocatedError? error)
    {
        error = null;
        if (request.Node is not { } nodeId) return request.Selector;
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            error = new LocatedError(source, 0, 0, "node", $"node '{nodeId}' is not known to the plane (it has never reported)");
            return null;
        }
        var labels = node.Identity.Labels;
        var others = _nodes.Values.Where(n => n.Id != nodeId && LabelSelector.Matches(labels, n.Identity.Labels)).Select(n => n.Id).Order(StringComparer.Ordinal).Take(5).ToList();
        if (others.Count == 0) return labels;
        var shown = labels.Count == 0 ? "it has no labels" : "its labels " + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));
        error = new LocatedError(source, 0, 0, "node",
            $"node '{nodeId}' cannot be selected alone: {shown} also match node(s) {string.Join(", ", others)}; give it a label of its own (agent --labels) or use a selector");
        return null;
    }

    private CnfPackage? PackageModel(string name, string version) => _packages.TryGetValue(PackageKey.Of(name, version), out var e) ? e.Model : null;

    private IReadOnlyList<string> VersionsOf(string name) =>
        _packages.Values.Where(p => p.Stored.Name == name).Select(p => p.Stored.Version).ToList();
}
