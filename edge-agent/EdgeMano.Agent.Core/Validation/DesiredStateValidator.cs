using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>
/// Semantic rules for a desired state, whatever it came from (a YAML file, protobuf from the plane).
/// Pure: returns every broken rule as (path, message); it never stops at the first.
/// </summary>
public static class DesiredStateValidator
{
    public static IReadOnlyList<ValidationError> Validate(DesiredState state) => Validate(state, static _ => false);

    /// <param name="isUnreadable">Paths the caller could not read; rules touching them are skipped.</param>
    internal static IReadOnlyList<ValidationError> Validate(DesiredState state, Func<string, bool> isUnreadable)
    {
        var context = new ValidationContext(isUnreadable);
        if (!Names.IsNodeId(state.NodeId))
        {
            context.Add("nodeId",
                $"'{state.NodeId}' is not a valid node id: start with a letter or digit, then letters, digits, '_', '.' or '-' (at most {Names.MaxNodeId})");
        }
        if (state.Revision < 0) context.Add("revision", $"must not be negative, got {state.Revision}");

        for (var i = 0; i < state.Workloads.Count; i++)
        {
            WorkloadRules.Check(state.Workloads[i], ValidationContext.Index("workloads", i), context);
        }
        CheckDuplicateNames(state, context);
        CheckHostPortConflicts(state, context);
        return context.Errors;
    }

    private static void CheckDuplicateNames(DesiredState state, ValidationContext context)
    {
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < state.Workloads.Count; i++)
        {
            var name = state.Workloads[i].Name;
            if (name.Length == 0) continue;
            if (firstIndex.TryAdd(name, i)) continue;
            var first = ValidationContext.Index("workloads", firstIndex[name]);
            context.Add(ValidationContext.Child(ValidationContext.Index("workloads", i), "name"),
                $"duplicate workload name '{name}'; first used by {first}",
                ValidationContext.Child(first, "name"));
        }
    }

    /// <summary>
    /// Two workloads cannot publish the same node port and protocol, unless both bind it to
    /// different specific addresses (an empty or 0.0.0.0/:: address takes every address).
    /// </summary>
    private static void CheckHostPortConflicts(DesiredState state, ValidationContext context)
    {
        var seen = new List<(int Port, string Protocol, string HostIp, string Path)>();
        for (var i = 0; i < state.Workloads.Count; i++)
        {
            var workload = state.Workloads[i];
            var portsPath = ValidationContext.Child(ValidationContext.Index("workloads", i), "ports");
            for (var j = 0; j < workload.Ports.Count; j++)
            {
                var port = workload.Ports[j];
                var hostPort = port.EffectiveHostPort;
                if (hostPort is < 1 or > 65535) continue;
                var path = ValidationContext.Index(portsPath, j);
                var clash = seen.FindIndex(s => s.Port == hostPort
                    && s.Protocol.Equals(port.Protocol, StringComparison.OrdinalIgnoreCase)
                    && (IsWildcard(s.HostIp) || IsWildcard(port.HostIp) || s.HostIp == port.HostIp));
                if (clash >= 0)
                {
                    context.Add(path,
                        $"host port {hostPort}/{port.Protocol.ToLowerInvariant()} is already published by {seen[clash].Path}",
                        seen[clash].Path);
                    continue;
                }
                seen.Add((hostPort, port.Protocol, port.HostIp, path));
            }
        }
    }

    private static bool IsWildcard(string hostIp) => hostIp is "" or "0.0.0.0" or "::";
}
