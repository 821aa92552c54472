using EdgeMano.Agent.Host.Tests.Infrastructure;
using EdgeMano.Agent.Host.Tests.Resilience;
using EdgeMano.Testing;

namespace EdgeMano.Agent.Host.Tests.Docker;

/// <summary>The restart and offline-reboot scenario (<see cref="AgentRestartScenario"/>) on the Docker engine.</summary>
[Collection(DockerE2eCollection.Name)]
public sealed class AgentRestartTests(DockerE2eFixture docker) : AgentRestartScenario(new DockerUnderTest(docker))
{
    /// <summary>Docker reports every create, start, die, kill and destroy: none may happen across a restart.</summary>
    protected override IChurnRecorder? RecordChurn() => new EngineEvents(new DockerE2eEvents(docker.Client, Agent.NodeId));

    private sealed class EngineEvents(DockerE2eEvents events) : IChurnRecorder
    {
        public string? ChurnSince(DateTimeOffset mark) =>
            events.All.Any(e => e.At > mark && e.Action is "create" or "start" or "destroy" or "die" or "kill") ? events.Describe() : null;

        public ValueTask DisposeAsync() => events.DisposeAsync();
    }
}
