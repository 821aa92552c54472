using System.Buffers;
using System.Diagnostics;
using EdgeMano.Proto.V1;
using Google.Protobuf;

namespace EdgeMano.FleetSim.Scenarios;

/// <summary>Where the floor reads acks from: a collector in this process, or one in the embedded floor broker's process.</summary>
internal interface IAckSource
{
    /// <summary>Starts a new measurement: from now, a status with observed_revision >= <paramref name="revision"/> is an ack.</summary>
    Task ExpectAsync(long revision);

    Task<int> AckedAsync();

    /// <summary>Monotonic stamp of each node's ack (0 = none), in fleet order. CLOCK_MONOTONIC: the same in every process.</summary>
    Task<long[]> StampsAsync();

    /// <summary>e.g. "20000 statuses taken, 0 malformed".</summary>
    Task<string> DescribeAsync();
}

/// <summary>
/// The floor's stand-in for the plane's intake: decodes each node's status (as the plane does) and
/// stamps the first one that reports the expected revision. Fed by $share subscribers (Mosquitto)
/// or by the publish interceptor of the embedded floor broker (MQTTnet.Server), as the plane is.
/// </summary>
internal sealed class AckCollector : IAckSource
{
    private readonly Dictionary<string, int> _index;
    private readonly long[] _ackAt;
    private long _expected = long.MaxValue;
    private int _acked;
    private long _statuses;
    private long _malformed;

    public AckCollector(IReadOnlyList<string> nodeIds)
    {
        _index = nodeIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        _ackAt = new long[nodeIds.Count];
    }

    public int Acked => Volatile.Read(ref _acked);

    public long Statuses => Interlocked.Read(ref _statuses);

    public long Malformed => Interlocked.Read(ref _malformed);

    public void Expect(long revision)
    {
        Volatile.Write(ref _expected, long.MaxValue);
        Array.Clear(_ackAt);
        Volatile.Write(ref _acked, 0);
        Volatile.Write(ref _expected, revision);
    }

    public void OnStatus(string nodeId, ReadOnlySequence<byte> payload)
    {
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _statuses);
        NodeStatus status;
        try
        {
            status = NodeStatus.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            Interlocked.Increment(ref _malformed);
            return;
        }
        if (status.ObservedRevision < Volatile.Read(ref _expected) || !_index.TryGetValue(nodeId, out var i)) return;
        if (Interlocked.CompareExchange(ref _ackAt[i], at, 0) == 0) Interlocked.Increment(ref _acked);
    }

    public long[] Stamps() => (long[])_ackAt.Clone();

    public string Describe() => $"{Statuses} statuses taken, {Malformed} malformed";

    Task IAckSource.ExpectAsync(long revision)
    {
        Expect(revision);
        return Task.CompletedTask;
    }

    Task<int> IAckSource.AckedAsync() => Task.FromResult(Acked);

    Task<long[]> IAckSource.StampsAsync() => Task.FromResult(Stamps());

    Task<string> IAckSource.DescribeAsync() => Task.FromResult(Describe());
}
