using System.Threading.Channels;
using Grpc.Core;

namespace EdgeMano.Agent.Uplink.Tests.Grpc;

/// <summary>The plane's half of a Sync stream in memory: what it sends, and what it received.</summary>
public sealed class FakeStreams<TIn, TOut> : IAsyncStreamReader<TIn>, IClientStreamWriter<TOut>
{
    private readonly Channel<TIn> _toAgent = Channel.CreateUnbounded<TIn>();
    private readonly Channel<TOut> _fromAgent = Channel.CreateUnbounded<TOut>();

    public TIn Current { get; private set; } = default!;

    public WriteOptions? WriteOptions { get; set; }

    public bool Completed { get; private set; }

    /// <summary>The plane sends a message to the agent.</summary>
    public void Send(TIn message) => _toAgent.Writer.TryWrite(message);

    /// <summary>The plane ends its side of the stream.</summary>
    public void Close() => _toAgent.Writer.TryComplete();

    /// <summary>The next message the agent wrote.</summary>
    public async Task<TOut> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _fromAgent.Reader.ReadAsync(cts.Token);
    }

    public bool TryReceive(out TOut message) => _fromAgent.Reader.TryRead(out message!);

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await _toAgent.Reader.WaitToReadAsync(cancellationToken)) return false;
        Current = await _toAgent.Reader.ReadAsync(cancellationToken);
        return true;
    }

    public Task WriteAsync(TOut message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(TOut message, CancellationToken cancellationToken)
    {
        if (Completed) throw new InvalidOperationException("request stream already completed");
        _fromAgent.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    public Task CompleteAsync()
    {
        Completed = true;
        return Task.CompletedTask;
    }
}
