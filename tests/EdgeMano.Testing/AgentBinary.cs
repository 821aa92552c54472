namespace EdgeMano.Testing;

/// <summary>
/// The published native-AOT agent under test. tests/run.sh publishes it and sets
/// EDGEMANO_AGENT_BINARY; run by hand, publish it first (see the message below).
/// </summary>
public static class AgentBinary
{
    public const string Variable = "EDGEMANO_AGENT_BINARY";
    public const string Arm64Variable = "EDGEMANO_AGENT_ARM64_BINARY";

    public const string ClusterVariable = "EDGEMANO_AGENT_CLUSTER_BINARY";

    public static string Path => Locate(Variable, "linux-x64");

    /// <summary>The cluster build, edgemano-agent-cluster (the agent plus the Kubernetes driver).</summary>
    public static string ClusterPath => Locate(ClusterVariable, "linux-x64", "agent-cluster", "edgemano-agent-cluster", "edge-agent/EdgeMano.Agent.Host.Cluster");

    public static string Arm64Path => Locate(Arm64Variable, "linux-arm64");

    private static string Locate(string variable, string rid, string folder = "agent", string executable = "edgemano-agent", string project = "edge-agent/EdgeMano.Agent.Host")
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnv)
        {
            if (File.Exists(fromEnv)) return fromEnv;
            throw new InvalidOperationException($"{variable}={fromEnv} does not exist");
        }
        var candidate = System.IO.Path.Combine(RepoRoot, "artifacts", folder, rid, executable);
        if (File.Exists(candidate)) return candidate;
        throw new InvalidOperationException(
            $"native-AOT {executable} for {rid} not found at {candidate} ({variable} unset): run `bash tests/run.sh`, or " +
            $"`dotnet publish {project} -c Release -r {rid} -o artifacts/{folder}/{rid}`");
    }

    public static string RepoRoot => RepoPaths.Root;

    public static string Example(string name) => System.IO.Path.Combine(RepoRoot, "examples", name);
}
