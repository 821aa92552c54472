using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Agent.Host.Tests.Resilience;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Host.Tests.Containerd;

/// <summary>
/// The restart and offline-reboot scenario (<see cref="AgentRestartScenario"/>) with `--runtime
/// containerd` on a private containerd. A restarted container would show a new task PID, which
/// the scenario compares, so no event recorder is needed here.
/// </summary>
[Collection(ContainerdE2eCollection.Name)]
public sealed class ContainerdAgentRestartTests(ContainerdDaemon containerd) : AgentRestartScenario(new ContainerdUnderTest(containerd));
