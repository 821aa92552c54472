using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Docker;

/// <summary>Tests that need a real Docker engine share one (started if absent) and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerDaemonFixture>
{
    public const string Name = "docker";
}
