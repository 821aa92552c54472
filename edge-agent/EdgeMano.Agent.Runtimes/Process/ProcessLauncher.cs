using System.ComponentModel;
using System.Diagnostics;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>A child started by this driver instance: the handle lets this instance learn its exit code.</summary>
internal sealed record SpawnedChild(System.Diagnostics.Process Handle, int Pid, ulong StartTicks)
{
    /// <summary>Lets the waiting shell exec the workload (call once its marker is durable).</summary>
    public void Release()
    {
        try
        {
            Handle.StandardInput.Write("go\n");
            Handle.StandardInput.Close();
        }
        catch (IOException) { } // it died already: its exit is recorded like any other
    }
}

/// <summary>
/// Starts workload processes that do not depend on the agent: /bin/sh redirects stdin from
/// /dev/null and stdout/stderr to the log file opened O_APPEND, then execs setsid, which execs the
/// workload. The PID stays the same through both execs, the child leads its own session and
/// process group (so a stop signals the whole group), and no pipe ties it to the agent once it
/// runs. Before that, the shell waits for <see cref="SpawnedChild.Release"/>, sent once the marker
/// is on disk: an agent killed in between leaves no workload that no marker knows.
/// </summary>
internal static class ProcessLauncher
{
    public const string NodeVariable = "EDGEMANO_NODE";
    public const string WorkloadVariable = "EDGEMANO_WORKLOAD";
    private const string Shell = "/bin/sh";
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    // $1 = log file, $2... = setsid, executable, args. The read waits for the go line; EOF (the agent
    // died first) exits instead. A failed redirect makes sh exit before any exec.
    private const string SpawnScript = "IFS= read -r go || exit 125; exec </dev/null >>\"$1\" 2>&1; shift; exec \"$@\"";
    private const string ExecScript = "exec </dev/null >/dev/null 2>&1; exec \"$@\"";

    private static readonly Lazy<string> SetsidPath = new(() =>
        FindInPath("setsid", DefaultPath) ?? throw new RuntimeException("process: 'setsid' not found in " + DefaultPath + " (install util-linux)"));

    /// <summary>The agent variables a workload inherits; everything else of the agent's environment stays private.</summary>
    public static Dictionary<string, string> BaseEnvironment()
    {
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } p ? p : DefaultPath,
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : "/",
        };
    }

    /// <summary>Resolves <paramref name="command"/> like execvp would, or explains why it cannot run.</summary>
    public static string ResolveExecutable(string command, string searchPath, string workingDir)
    {
        if (string.IsNullOrEmpty(command)) throw new RuntimeException("process: the workload has no command to run");
        if (command.Contains('/'))
        {
            var full = Path.GetFullPath(command, workingDir);
            if (Directory.Exists(full)) throw new RuntimeException($"process: executable '{full}' is a directory");
            if (!File.Exists(full)) throw new RuntimeException($"process: executable '{full}' not found");
            if (!Libc.IsExecutable(full)) throw new RuntimeException($"process: '{full}' is not executable (no execute permission)");
            return full;
        }
        return FindInPath(command, searchPath, workingDir)
            ?? throw new RuntimeException($"process: executable '{command}' not found in PATH ({searchPath})");
    }

    public static SpawnedChild Spawn(ProcessMarker marker, string nodeId, string logPath)
    {
        var psi = NewShell(marker.WorkingDir, SpawnScript, "edgemano-spawn");
        psi.ArgumentList.Add(logPath);
        psi.ArgumentList.Add(SetsidPath.Value);
        foreach (var a in marker.Argv) psi.ArgumentList.Add(a);
        SetEnvironment(psi, marker.Env);
        psi.Environment[NodeVariable] = nodeId;
        psi.Environment[WorkloadVariable] = marker.Name;
        psi.RedirectStandardInput = true; // the go line of SpawnScript
        var handle = StartOrExplain(psi, marker.Argv[0]);
        // The start time does not change across exec; 0 only if the child already exited and was reaped.
        ProcFs.TryReadStat(handle.Id, out var ticks, out _);
        return new SpawnedChild(handle, handle.Id, ticks);
    }

    /// <summary>Runs a command beside the workload (exec probes), in its own process group so a timeout kills all of it.</summary>
    public static System.Diagnostics.Process StartExec(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> env, string workingDir)
    {
        if (command.Count == 0 || string.IsNullOrEmpty(command[0])) throw new RuntimeException("process: exec needs a command");
        var psi = NewShell(workingDir, ExecScript, "edgemano-exec");
        psi.ArgumentList.Add(SetsidPath.Value);
        foreach (var a in command) psi.ArgumentList.Add(a);
        SetEnvironment(psi, env);
        return StartOrExplain(psi, command[0]);
    }

    private static ProcessStartInfo NewShell(string workingDir, string script, string scriptName)
    {
        if (!Directory.Exists(workingDir)) throw new RuntimeException($"process: working directory '{workingDir}' does not exist");
        var psi = new ProcessStartInfo(Shell) { UseShellExecute = false, WorkingDirectory = workingDir };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(scriptName);
        return psi;
    }

    private static void SetEnvironment(ProcessStartInfo psi, IReadOnlyDictionary<string, string> workloadEnv)
    {
        psi.Environment.Clear();
        foreach (var (k, v) in BaseEnvironment()) psi.Environment[k] = v;
        foreach (var (k, v) in workloadEnv) psi.Environment[k] = v;
    }

    private static System.Diagnostics.Process StartOrExplain(ProcessStartInfo psi, string what)
    {
        try
        {
            return System.Diagnostics.Process.Start(psi) ?? throw new RuntimeException($"process: starting '{what}' returned no process");
        }
        catch (Exception e) when (e is Win32Exception or ArgumentException)
        {
            throw new RuntimeException($"process: cannot start '{what}' via {Shell}: {e.Message}", e);
        }
    }

    private static string? FindInPath(string command, string searchPath, string? workingDir = null)
    {
        foreach (var dir in searchPath.Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? workingDir ?? "." : dir, command);
            if (File.Exists(candidate) && Libc.IsExecutable(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
