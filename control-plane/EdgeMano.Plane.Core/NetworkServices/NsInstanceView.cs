using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Core.Fleet;

namespace EdgeMano.Plane.Core.NetworkServices;

/// <summary>One CNF of an instance with its deployment as the plane shows it (null when someone deleted that deployment).</summary>
public sealed record NsCnfView(NsInstanceCnf Cnf, DeploymentView? Deployment);

/// <summary>An instance with where each of its CNFs runs.</summary>
public sealed record NsInstanceView(NsInstance Instance, IReadOnlyList<NsCnfView> Cnfs);

public enum NsOutcome { Created, Unchanged, Refused, Conflict }

/// <summary>The answer to an instantiation: the instance, or every reason it was refused (nothing changed then).</summary>
public sealed record NsInstantiateResult(NsOutcome Outcome, NsInstanceView? View, IReadOnlyList<LocatedError> Errors, string Message = "");
