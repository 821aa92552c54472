namespace EdgeMano.Testing;

/// <summary>
/// The published native-AOT agent under test. tests/run.sh publishes it and sets
/// EDGEMANO_AGENT_BINARY; run by hand, publish it first (see the message below).
/// </summary>
public static class AgentBinary
{
    public const string Variable = "EDGEMANO_AGENT_BINARY";
    public const string Arm64Variable = "EDGEMANO_AGENT_ARM64_BINARY";

    public static string Path => Locate(Variable, "linux-x64");

    public static string Arm64Path => Locate(Arm64Variable, "linux-arm64");

    private static string Locate(string variable, string rid)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnv)
        {
            if (File.Exists(fromEnv)) return fromEnv;
            throw new InvalidOperationException($"{variable}={fromEnv} does not exist");
        }
        var candidate = System.IO.Path.Combine(RepoRoot, "artifacts", "agent", rid, "edgemano-agent");
        if (File.Exists(candidate)) return candidate;
        throw new InvalidOperationException(
            $"native-AOT agent for {rid} not found at {candidate}: run `bash tests/run.sh`, or " +
            $"`dotnet publish edge-agent/EdgeMano.Agent.Host -c Release -r {rid} -o artifacts/agent/{rid}`");
    }

    public static string RepoRoot => RepoPaths.Root;

    public static string Example(string name) => System.IO.Path.Combine(RepoRoot, "examples", name);
}
