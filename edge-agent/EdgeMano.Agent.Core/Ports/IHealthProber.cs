using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Core.Ports;

/// <summary>Runs one health probe against one running instance. Never throws for a failed probe.</summary>
public interface IHealthProber
{
    Task<ProbeResult> ProbeAsync(HealthProbeSpec probe, ObservedWorkload instance, IWorkloadRuntime runtime, CancellationToken cancellationToken);
}

public sealed record ProbeResult(bool Healthy, string Detail);
