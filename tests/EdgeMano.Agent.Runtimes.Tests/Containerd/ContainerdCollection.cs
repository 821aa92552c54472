using EdgeMano.Testing;

namespace EdgeMano.Agent.Runtimes.Tests.Containerd;

/// <summary>Tests that need containerd share one private daemon (started by the fixture) and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerdCollection : ICollectionFixture<ContainerdDaemon>
{
    public const string Name = "containerd";
}
