using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Deployments;
using EdgeMano.Plane.Core.Packages;
using EdgeMano.Plane.Core.Ports;
using EdgeMano.Plane.Packages;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>The package catalog: onboarded CNF packages, under the same lock as the deployments that use them.</summary>
public sealed partial class FleetController
{
    /// <summary>Label on every workload taken from a package: its name, and its version.</summary>
    public const string PackageLabel = "edgemano.package";
    public const string PackageVersionLabel = "edgemano.package-version";

    private readonly Dictionary<string, PackageEntry> _packages = new(StringComparer.Ordinal);

    /// <summary>Stored packages that no longer read (a reader that became stricter), with why; kept, not served.</summary>
    public IReadOnlyList<(StoredPackage Package, string Reason)> UnreadablePackages { get; private set; } = [];

    private void LoadPackages(IReadOnlyList<StoredPackage>? stored)
    {
        var unreadable = new List<(StoredPackage, string)>();
        foreach (var package in stored ?? [])
        {
            var read = PackageReader.Read(PackageInput.FromFile(package.FileName, package.Content));
            if (read.Package is { } model) _packages[package.Key] = new PackageEntry(package, model);
            else unreadable.Add((package, string.Join("; ", read.Errors)));
        }
        UnreadablePackages = unreadable;
    }

    /// <summary>
    /// Reads, validates and stores a package. Nothing is stored when it does not read. A name and
    /// version are immutable: the same content again is Unchanged, other content a Conflict.
    /// </summary>
    public OnboardResult Onboard(string fileName, byte[] content)
    {
        var read = PackageReader.Read(PackageInput.FromFile(fileName, content));
        if (read.Package is not { } model) return new OnboardResult(OnboardOutcome.Refused, null, read.Errors);
        lock (_gate)
        {
            var key = PackageKey.Of(model.Name, model.Version);
            if (_packages.TryGetValue(key, out var existing))
            {
                return existing.Model.Digest == model.Digest
                    ? new OnboardResult(OnboardOutcome.Unchanged, existing, [])
                    : new OnboardResult(OnboardOutcome.Conflict, existing, [],
                        $"package {model.Name} {model.Version} is already onboarded with digest {existing.Model.Digest}; versions are immutable: onboard this content under a new version");
            }
            // An NSD that could never be instantiated (a CNF not onboarded, a port clash) is not stored either.
            if (CheckNetworkServiceLocked(model) is { Count: > 0 } nsErrors) return new OnboardResult(OnboardOutcome.Refused, null, nsErrors);
            var stored = new StoredPackage
            {
                Name = model.Name,
                Version = model.Version,
                Digest = model.Digest,
                FileName = fileName,
                Content = content,
                OnboardedAt = _time.GetUtcNow(),
            };
            _store.Commit(new PlaneChange { UpsertPackages = [stored] });
            var entry = new PackageEntry(stored, model);
            _packages[key] = entry;
            return new OnboardResult(OnboardOutcome.Created, entry, []);
        }
    }

    /// <summary>Every package (all versions), by name then onboarding time.</summary>
    public IReadOnlyList<PackageEntry> Packages(string? name = null)
    {
        lock (_gate)
        {
            return _packages.Values.Where(p => name is null || p.Stored.Name == name)
                .OrderBy(p => p.Stored.Name, StringComparer.Ordinal).ThenBy(p => p.Stored.OnboardedAt).ToList();
        }
    }

    public PackageEntry? Package(string name, string version)
    {
        lock (_gate) return _packages.GetValueOrDefault(PackageKey.Of(name, version));
    }

    /// <summary>Deployments whose workloads come from the package.</summary>
    public IReadOnlyList<string> PackageUsers(string name, string version)
    {
        lock (_gate) return UsersLocked(name, version);
    }

    public enum PackageDeleteOutcome { Deleted, NotFound, InUse }

    public (PackageDeleteOutcome Outcome, IReadOnlyList<string> UsedBy) DeletePackage(string name, string version)
    {
        lock (_gate)
        {
            var key = PackageKey.Of(name, version);
            if (!_packages.ContainsKey(key)) return (PackageDeleteOutcome.NotFound, []);
            var users = UsersLocked(name, version);
            if (users.Count > 0) return (PackageDeleteOutcome.InUse, users);
            _store.Commit(new PlaneChange { DeletePackages = [key] });
            _packages.Remove(key);
            return (PackageDeleteOutcome.Deleted, []);
        }
    }

    /// <summary>
    /// A deployment that names a package gets the package's workloads (labelled with the package)
    /// and its digest; an inline one is returned as it is. Null with an error when the package is not onboarded.
    /// </summary>
    public (DeploymentSpec? Spec, LocatedError? Error) ResolvePackage(DeploymentSpec spec, string source)
    {
        if (spec.Package is not { } reference) return (spec, null);
        lock (_gate)
        {
            if (!_packages.TryGetValue(PackageKey.Of(reference.Name, reference.Version), out var entry))
            {
                var versions = _packages.Values.Where(p => p.Stored.Name == reference.Name).Select(p => p.Stored.Version).ToList();
                var hint = versions.Count == 0 ? "onboard it first (edgemano packages onboard PATH)" : $"onboarded versions: {string.Join(", ", versions)}";
                return (null, new LocatedError(source, 0, 0, "package", $"package {reference.Name} {reference.Version} is not onboarded: {hint}"));
            }
            if (entry.Model.IsNetworkService)
            {
                return (null, new LocatedError(source, 0, 0, "package",
                    $"package {reference.Name} {reference.Version} is a network service descriptor, not a CNF: instantiate it with POST /api/v1/ns_instances"));
            }
            var workloads = entry.Model.Workloads.Select(w => w with
            {
                Labels = new ValueMap(w.Labels.Where(l => l.Key is not (PackageLabel or PackageVersionLabel))
                    .Append(new(PackageLabel, reference.Name)).Append(new(PackageVersionLabel, reference.Version))),
            });
            return (spec with { Workloads = new ValueList<WorkloadSpec>(workloads), PackageDigest = entry.Model.Digest }, null);
        }
    }

    /// <summary>Deployments made from the package and network service instances made from it (an NSD).</summary>
    private List<string> UsersLocked(string name, string version) =>
        _deployments.Values.Where(d => d.Spec.Package is { } p && p.Name == name && p.Version == version)
            .Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal)
            .Concat(NetworkServiceUsersLocked(name, version).Select(n => "ns-instance " + n))
            // A running rollout may still send the old version to nodes, and its rollback would.
            .Concat(_rollouts.Values.Where(r => r.IsActive && r.FromSpec?.Package is { } p && p.Name == name && p.Version == version)
                .Select(r => $"{r.Deployment} (rolling out from it)")).ToList();
}
