using EdgeMano.Testing;

namespace EdgeMano.Agent.Host.Tests.Infrastructure;

/// <summary>
/// End-to-end tests of the AOT agent against the real engine share one engine (started if absent)
/// and run one at a time: they measure restart timings and count containers.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DockerE2eCollection : ICollectionFixture<DockerE2eFixture>
{
    public const string Name = "agent-docker-e2e";
}
