using System.Collections.Concurrent;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Plane.Host.Delivery;
using EdgeMano.Plane.Messaging;
using Wire = EdgeMano.Proto.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMano.Plane.Host.Tests.Delivery;

/// <summary>The publisher against a link that acknowledges slowly, as a broker at fleet size does.</summary>
public sealed class DesiredPublisherTests
{
    [Fact]
    public async Task Publish_ManyNodes_SentConcurrentlyOneRevisionPerNodeAtATime()
    {
        var link = new SlowLink(TimeSpan.FromMilliseconds(50));
        var publisher = new DesiredPublisher(link, new SyncSessions(), NullLogger<DesiredPublisher>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            var nodes = Enumerable.Range(0, 1000).Select(i => $"n{i}").ToList();
            for (var revision = 1; revision <= 3; revision++)
                publisher.Enqueue(nodes.Select(n => new DesiredState { NodeId = n, Revision = revision }));

            await WaitUntil(() => nodes.All(n => link.Latest(n) == 3) && publisher.Pending == 0, TimeSpan.FromSeconds(30));
            // 1000 nodes x 50 ms one at a time would be 50 s; in flight together it takes a few rounds.
            Assert.True(link.MaxConcurrent > 16, $"at most {link.MaxConcurrent} publishes were in flight");
            Assert.Equal(0, link.OverlapsPerNode);
            Assert.Equal(0, link.OutOfOrder);
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Publish_LinkFailsThenRecovers_LatestRevisionArrives()
    {
        var link = new SlowLink(TimeSpan.FromMilliseconds(5)) { Failing = true };
        var publisher = new DesiredPublisher(link, new SyncSessions(), NullLogger<DesiredPublisher>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            publisher.Enqueue([new DesiredState { NodeId = "a", Revision = 1 }]);
            await Task.Delay(300);
            publisher.Enqueue([new DesiredState { NodeId = "a", Revision = 2 }]);
            Assert.Equal(1, publisher.Pending);
            link.Failing = false;
            await WaitUntil(() => link.Latest("a") == 2 && publisher.Pending == 0, TimeSpan.FromSeconds(15));
            Assert.DoesNotContain(1L, link.Sent("a"));
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(20);
        }
    }

    private sealed class SlowLink(TimeSpan ackDelay) : INodeLink
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _sent = new();
        private readonly ConcurrentDictionary<string, int> _inFlightPerNode = new();
        private int _inFlight;
        public volatile bool Failing;
        public int MaxConcurrent;
        public int OverlapsPerNode;
        public int OutOfOrder;

        public string Description => "slow test link";
        public bool IsUp => !Failing;
        public Task StartAsync(INodeTrafficSink sink, CancellationToken cancellationToken) => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public long Latest(string node) => _sent.TryGetValue(node, out var q) && !q.IsEmpty ? q.Last() : 0;
        public IReadOnlyCollection<long> Sent(string node) => _sent.TryGetValue(node, out var q) ? q.ToArray() : [];

        public async Task PublishDesiredAsync(string nodeId, byte[] payload, CancellationToken cancellationToken)
        {
            if (Failing) throw new IOException("link down");
            if (_inFlightPerNode.AddOrUpdate(nodeId, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref OverlapsPerNode);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref MaxConcurrent)) && Interlocked.CompareExchange(ref MaxConcurrent, now, seen) != seen) { }
            try
            {
                await Task.Delay(ackDelay, cancellationToken);
                var revision = Wire.DesiredState.Parser.ParseFrom(payload).Revision;
                var queue = _sent.GetOrAdd(nodeId, _ => new ConcurrentQueue<long>());
                if (!queue.IsEmpty && queue.Last() >= revision) Interlocked.Increment(ref OutOfOrder);
                queue.Enqueue(revision);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _inFlightPerNode.AddOrUpdate(nodeId, 0, (_, n) => n - 1);
            }
        }
    }
}
