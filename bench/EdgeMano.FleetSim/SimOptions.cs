using System.Globalization;

namespace EdgeMano.FleetSim;

/// <summary>Command line of edgemano-fleetsim (see <see cref="Usage"/>).</summary>
internal sealed record SimOptions
{
    public const string Usage = """
        edgemano-fleetsim --broker embedded|mosquitto --nodes N --plane-exe PATH [options]

        Simulated agents (one MQTT 5 client each, the agent's protocol) against the real edgemano-plane
        and against the bare broker (the floor); prints one `name value` line per figure.

          --broker embedded|mosquitto   plane on its embedded broker (floor: MQTTnet.Server in this
                                        process), or on a Mosquitto this run starts (floor: the same)
          --nodes N                     simulated nodes (default 1000)
          --phases floor,plane          which phases, in this order (default floor,plane):
                                        floor: the bare broker with a publisher client and an ack collector;
                                        floordirect (embedded only): node traffic taken in-process and not
                                        dispatched, desired state put straight into each session (what the
                                        plane's embedded path could cost); plane: the real plane
          --plane-exe PATH              the edgemano-plane binary (Release build)
          --parallel N                  connects/disconnects in flight (default 100)
          --window N                    floor publisher: publishes in flight (default 100)
          --storm-changes N             deployment changes while all nodes are offline (default 2)
          --timeout S                   per wait: fan-out, storm, plane catching up (default 90)
          --phase-budget S              a phase still running after S seconds is cut short and the
                                        figures so far are kept (default 300)
          --mosquitto-profile P         tuned (default) | default (Mosquitto's own limits)
          --mosquitto-extra "K V;K V"   lines appended to the Mosquitto config (e.g. to vary one limit)
          --plane-log-level L           the plane's --log-level (default info)
          --plane-env K=V[,K=V]         environment for the plane only (e.g. DOTNET_PerfMapEnabled=1 for perf)
          --work-dir DIR                configs, logs and plane state (default: a new temp dir, kept)
          --pid-file FILE               appends the PID of every process started (for the caller's cleanup)
          --details DIR                 per-node latencies and the plane's /metrics time series (TSV)
        """;

    public string Broker { get; init; } = "";
    public int Nodes { get; init; } = 1000;
    public IReadOnlyList<string> Phases { get; init; } = ["floor", "plane"];
    public string PlaneExe { get; init; } = "";
    public int Parallel { get; init; } = 100;
    public int Window { get; init; } = 100;
    public int StormChanges { get; init; } = 2;
    public double TimeoutSeconds { get; init; } = 90;
    public int PhaseBudgetSeconds { get; init; } = 300;
    public string MosquittoProfile { get; init; } = "tuned";
    public string MosquittoExtra { get; init; } = "";
    public string PlaneLogLevel { get; init; } = "info";
    public IReadOnlyDictionary<string, string> PlaneEnv { get; init; } = new Dictionary<string, string>();
    public string? WorkDir { get; init; }
    public string? PidFile { get; init; }
    public string? DetailsDir { get; init; }

    /// <summary>Parses the command line; the error names the flag and what was expected.</summary>
    public static SimOptions Parse(string[] args)
    {
        var o = new SimOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag is "-h" or "--help") throw new UsageException("");
            if (i + 1 >= args.Length) throw new UsageException($"{flag}: a value is missing");
            var v = args[++i];
            o = flag switch
            {
                "--broker" => o with { Broker = v is "embedded" or "mosquitto" ? v : throw new UsageException($"--broker: expected embedded or mosquitto, got '{v}'") },
                "--nodes" => o with { Nodes = Int(flag, v, 1, 20000) },
                "--phases" => o with { Phases = Phases_(v) },
                "--plane-exe" => o with { PlaneExe = v },
                "--parallel" => o with { Parallel = Int(flag, v, 1, 5000) },
                "--window" => o with { Window = Int(flag, v, 1, 65535) },
                "--storm-changes" => o with { StormChanges = Int(flag, v, 1, 100) },
                "--phase-budget" => o with { PhaseBudgetSeconds = Int(flag, v, 10, 86400) },
                "--timeout" => o with { TimeoutSeconds = Int(flag, v, 1, 3600) },
                "--mosquitto-profile" => o with { MosquittoProfile = v is "tuned" or "default" ? v : throw new UsageException($"--mosquitto-profile: expected tuned or default, got '{v}'") },
                "--mosquitto-extra" => o with { MosquittoExtra = v },
                "--plane-log-level" => o with { PlaneLogLevel = v },
                "--plane-env" => o with { PlaneEnv = Env(v) },
                "--work-dir" => o with { WorkDir = v },
                "--pid-file" => o with { PidFile = v },
                "--details" => o with { DetailsDir = v },
                _ => throw new UsageException($"unknown option '{flag}'"),
            };
        }
        if (o.Broker.Length == 0) throw new UsageException("--broker is required");
        if (o.Broker == "mosquitto" && o.Phases.Contains("floordirect")) throw new UsageException("--phases: floordirect is for --broker embedded only");
        if (o.Phases.Contains("plane") && !File.Exists(o.PlaneExe))
            throw new UsageException($"--plane-exe: '{o.PlaneExe}' does not exist (build with `dotnet build control-plane/EdgeMano.Plane.Host -c Release`)");
        return o;
    }

    private static int Int(string flag, string v, int min, int max) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new UsageException($"{flag}: expected a whole number {min}-{max}, got '{v}'");

    private static Dictionary<string, string> Env(string v)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in v.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--plane-env: expected K=V[,K=V], got '{pair}'");
            env[pair[..eq]] = pair[(eq + 1)..];
        }
        return env;
    }

    private static string[] Phases_(string v)
    {
        var phases = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (phases.Length == 0 || phases.Any(p => p is not ("floor" or "floordirect" or "plane")))
            throw new UsageException($"--phases: expected floor, floordirect and/or plane, got '{v}'");
        return phases;
    }
}

internal sealed class UsageException(string message) : Exception(message);
