using System.Diagnostics;
using System.Globalization;
using EdgeMano.FleetSim.Processes;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>
/// This side of the embedded floor: starts <see cref="EmbeddedFloorHost"/> as a child process (this
/// same executable) and talks to it over its stdin/stdout. Ack stamps come back as CLOCK_MONOTONIC
/// ticks, which every process on the machine shares.
/// </summary>
internal sealed class EmbeddedFloorBroker : IFloorBroker, IAckSource
{
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private EmbeddedFloorBroker(Process process, int port, bool direct)
    {
        _process = process;
        Port = port;
        Direct = direct;
    }

    public int Port { get; }

    public bool Direct { get; }

    public static async Task<EmbeddedFloorBroker> StartAsync(bool direct, string? pidFile)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this executable's path"))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("embedded-broker");
        if (direct) start.ArgumentList.Add("--direct");
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the embedded floor broker");
        if (pidFile is not null) await File.AppendAllTextAsync(pidFile, $"{process.Id}\n");
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
            throw new InvalidOperationException($"the embedded floor broker (pid {process.Id}) did not start: '{ready}'");
        return new EmbeddedFloorBroker(process, int.Parse(ready[6..], CultureInfo.InvariantCulture), direct);
    }

    public async Task<IAckSource> StartCollectorAsync(IReadOnlyList<string> nodeIds, CancellationToken ct)
    {
        var prefix = nodeIds[0][..nodeIds[0].LastIndexOf('-')];
        await AskAsync($"nodes {prefix} {nodeIds.Count}");
        return this;
    }

    public async Task<bool> TryDeliverAllAsync(long revision, string version)
    {
        if (!Direct) return false;
        await AskAsync($"deliver {revision} {version}");
        return true;
    }

    public IEnumerable<(string Name, double Value)> Resources()
    {
        yield return ("broker_rss_kb", ProcFs.Memory(_process.Id).RssKb);
        yield return ("broker_cpu_s", ProcFs.CpuSeconds(_process.Id));
    }

    public Task ExpectAsync(long revision) => AskAsync($"expect {revision}");

    public async Task<int> AckedAsync() => int.Parse(await AskAsync("acked"), CultureInfo.InvariantCulture);

    public async Task<long[]> StampsAsync() =>
        (await AskAsync("stamps")).Split(' ').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    public Task<string> DescribeAsync() => AskAsync("describe");

    public async ValueTask DisposeAsync()
    {
        // End of input stops it; by PID only if it does not.
        _process.StandardInput.Close();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _ = ChildProcess.Signal(_process.Id, 9);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _gate.Dispose();
    }

    private async Task<string> AskAsync(string command)
    {
        await _gate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            var answer = await _process.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException($"the embedded floor broker (pid {_process.Id}) exited");
            if (answer.StartsWith("error:", StringComparison.Ordinal))
                throw new InvalidOperationException($"embedded floor broker: '{command}': {answer}");
            return answer;
        }
        finally
        {
            _gate.Release();
        }
    }
}
