using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Processes;

/// <summary>Fans driver events out to every WatchAsync subscriber; a slow subscriber never blocks the driver.</summary>
internal sealed class ProcessEventHub
{
    private readonly Lock _lock = new();
    private readonly List<Channel<RuntimeEvent>> _subscribers = [];
    private bool _completed;

    public void Publish(RuntimeEvent e)
    {
        lock (_lock)
            foreach (var s in _subscribers) s.Writer.TryWrite(e);
    }

    /// <summary>Events from now on; ends (without throwing) when cancelled or when the driver is disposed.</summary>
    public async IAsyncEnumerable<RuntimeEvent> Subscribe([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<RuntimeEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            if (_completed) channel.Writer.TryComplete();
            else _subscribers.Add(channel);
        }
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                if (!more) yield break;
                while (channel.Reader.TryRead(out var e)) yield return e;
            }
        }
        finally
        {
            lock (_lock) _subscribers.Remove(channel);
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            foreach (var s in _subscribers) s.Writer.TryComplete();
            _subscribers.Clear();
        }
    }
}
