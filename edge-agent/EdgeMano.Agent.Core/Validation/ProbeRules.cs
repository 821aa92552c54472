using EdgeMano.Agent.Core.Model;
using static EdgeMano.Agent.Core.Validation.ValidationContext;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>Rules for a workload's health probe. Paths follow the YAML shape (<c>health.http.port</c>).</summary>
internal static class ProbeRules
{
    public static void Check(WorkloadSpec w, string at, ValidationContext context)
    {
        var probe = w.Health!;
        var health = Child(at, "health");
        var kindPath = Child(health, probe.Kind.ToString().ToLowerInvariant());
        switch (probe.Kind)
        {
            case ProbeKind.Http or ProbeKind.Tcp:
                CheckPort(w, probe, at, Child(kindPath, "port"), context);
                if (probe.Kind == ProbeKind.Http && !probe.Path.StartsWith('/'))
                    context.Add(Child(kindPath, "path"), $"'{probe.Path}' must start with '/'");
                break;
            case ProbeKind.Exec:
                if (probe.Command.Count == 0 || probe.Command[0].Length == 0)
                    context.Add(Child(kindPath, "command"), "must name the executable to run, e.g. [/bin/check]");
                break;
        }
        if (probe.Period <= TimeSpan.Zero) context.Add(Child(health, "period"), $"must be greater than 0, got {Format(probe.Period)}");
        if (probe.Timeout <= TimeSpan.Zero) context.Add(Child(health, "timeout"), $"must be greater than 0, got {Format(probe.Timeout)}");
        if (probe.FailureThreshold < 1)
            context.Add(Child(health, "failureThreshold"), $"must be at least 1, got {probe.FailureThreshold}");
        if (probe.InitialDelay < TimeSpan.Zero)
            context.Add(Child(health, "initialDelay"), $"must not be negative, got {Format(probe.InitialDelay)}");
    }

    private static void CheckPort(WorkloadSpec w, HealthProbeSpec probe, string at, string portPath, ValidationContext context)
    {
        if (probe.Port is < 1 or > 65535)
        {
            context.Add(portPath, $"must be between 1 and 65535, got {probe.Port}");
            return;
        }
        if (w.Kind != WorkloadKind.Container || w.Network == "host") return;
        if (w.Ports.Any(p => p.ContainerPort == probe.Port)) return;
        var declared = w.Ports.Count == 0 ? "none" : string.Join(", ", w.Ports.Select(p => p.ContainerPort));
        context.Add(portPath,
            $"port {probe.Port} is not a declared containerPort (declared: {declared}); the agent probes a container " +
            "from the node through a published port, so add it under ports, or use network: host",
            dependsOn: [Child(at, "kind"), Child(at, "ports"), Child(at, "network")]);
    }
}
