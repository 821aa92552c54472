using System.Diagnostics;
using Xunit.Abstractions;
using EdgeMano.Agent.Store.Tests.TestSupport;

namespace EdgeMano.Agent.Store.Tests;

/// <summary>
/// Real crashes: a child process (EdgeMano.Agent.Store.CrashWriter) writes desired state, a record
/// and an event per revision and prints the revision once all three returned; the test kills it
/// with SIGKILL at a random moment and checks that everything acknowledged is still there.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 20;
    private readonly TempStateDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Writes_KilledAtRandomMoments_AcknowledgedWritesSurvive()
    {
        var writer = LocateCrashWriter();
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);

        for (var round = 0; round < Rounds; round++)
        {
            var acked = await RunAndKillAsync(writer, TimeSpan.FromMilliseconds(random.Next(0, 300)));

            using var store = LiteAgentStore.Open(_dir.Path);
            var revision = store.LoadDesired()?.Revision ?? 0;
            Assert.True(store.LoadRecords().TryGetValue("writer", out var record), "the writer's record is missing");
            var restarts = record.Restarts;
            var events = store.PeekEvents(int.MaxValue);
            Assert.NotEmpty(events);
            output.WriteLine($"round {round}: acknowledged {acked}, stored revision {revision}, record {restarts}, last event {events[^1].Message}");

            // At most one revision can be in flight (saved, not yet printed) when the kill lands.
            Assert.InRange(revision, acked, acked + 1);
            Assert.InRange(restarts, acked, acked + 1);
            Assert.InRange(long.Parse(events[^1].Message), acked, acked + 1);
            Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
            Assert.Equal(events.Count, events.Select(e => e.Sequence).Distinct().Count());
        }
    }

    /// <summary>Starts the writer, kills it <paramref name="afterFirstAck"/> after its first acknowledgement, returns the last one.</summary>
    private async Task<long> RunAndKillAsync(string writerDll, TimeSpan afterFirstAck)
    {
        var start = new ProcessStartInfo(DotnetHost(), [writerDll, _dir.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + writerDll);
        var stderr = process.StandardError.ReadToEndAsync();
        var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long last = 0;
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Volatile.Write(ref last, long.Parse(line));
                firstAck.TrySetResult();
            }
        });
        try
        {
            var ready = await Task.WhenAny(firstAck.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(firstAck.Task.IsCompleted, $"the writer acknowledged nothing (exited: {process.HasExited}); stderr: {(process.HasExited ? await stderr : "")}");
            await Task.Delay(afterFirstAck);
        }
        finally
        {
            process.Kill(); // SIGKILL on Linux: no finalizers, no Dispose, no flush.
            await process.WaitForExitAsync();
        }
        await stdout;
        return Volatile.Read(ref last);
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>
    /// The writer is built by this project's ProjectReference (ReferenceOutputAssembly=false) into its
    /// own bin folder, with the same configuration and framework as this assembly.
    /// </summary>
    private static string LocateCrashWriter()
    {
        const string tests = "EdgeMano.Agent.Store.Tests";
        const string writer = "EdgeMano.Agent.Store.CrashWriter";
        var baseDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var marker = Path.DirectorySeparatorChar + tests + Path.DirectorySeparatorChar;
        var at = baseDir.LastIndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"cannot find the {writer} build: test output {baseDir} is not under a {tests} folder");
        var dll = Path.Combine(baseDir[..at], writer, baseDir[(at + marker.Length)..], writer + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build tests/{tests} (it builds {writer})");
        return dll;
    }
}
