using System.Net.Sockets;
using EdgeMano.Agent.Core.Runtime;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace EdgeMano.Agent.Runtimes.Containerd;

/// <summary>
/// One HTTP/2 channel to containerd's gRPC API over its unix socket, every call in one namespace,
/// and errors an operator can read: what was being done, where, and why. Knows nothing about workloads.
/// </summary>
internal sealed class ContainerdConnection : IDisposable
{
    public const string NamespaceHeader = "containerd-namespace";
    public const string LeaseHeader = "containerd-lease";

    private readonly GrpcChannel _channel;
    private readonly TimeProvider _time;
    private readonly TimeSpan _requestTimeout;

    public ContainerdConnection(string socketPath, string ns, TimeSpan requestTimeout, TimeProvider time)
    {
        SocketPath = socketPath;
        Namespace = ns;
        _time = time;
        _requestTimeout = requestTimeout;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            // No HTTP/2 keep-alive pings: a local socket closes when containerd dies, and containerd's gRPC
            // server (Go defaults) answers pings more often than every 5 minutes with GOAWAY "too_many_pings".
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // "localhost" is only the :authority; the socket is chosen by the connect callback. Plain http is HTTP/2 prior knowledge (h2c).
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        var invoker = _channel.Intercept(metadata =>
        {
            metadata.Add(NamespaceHeader, ns);
            return metadata;
        });
        Containers = new Api.Containers.Containers.ContainersClient(invoker);
        Tasks = new Api.Tasks.Tasks.TasksClient(invoker);
        Images = new Api.Images.Images.ImagesClient(invoker);
        Content = new Api.Content.Content.ContentClient(invoker);
        Snapshots = new Api.Snapshots.Snapshots.SnapshotsClient(invoker);
        Diff = new Api.Diff.Diff.DiffClient(invoker);
        Leases = new Api.Leases.Leases.LeasesClient(invoker);
        Events = new Api.Events.Events.EventsClient(invoker);
    }

    public string SocketPath { get; }

    public string Namespace { get; }

    public string Endpoint => "unix://" + SocketPath;

    public Api.Containers.Containers.ContainersClient Containers { get; }
    public Api.Tasks.Tasks.TasksClient Tasks { get; }
    public Api.Images.Images.ImagesClient Images { get; }
    public Api.Content.Content.ContentClient Content { get; }
    public Api.Snapshots.Snapshots.SnapshotsClient Snapshots { get; }
    public Api.Diff.Diff.DiffClient Diff { get; }
    public Api.Leases.Leases.LeasesClient Leases { get; }
    public Api.Events.Events.EventsClient Events { get; }

    /// <summary>Options for one call: a deadline (none for streams) and, when given, the lease that protects what it makes.</summary>
    public CallOptions Options(CancellationToken cancellationToken, string? lease = null, TimeSpan? timeout = null, bool stream = false)
    {
        Metadata? headers = lease is null ? null : new Metadata { { LeaseHeader, lease } };
        DateTime? deadline = stream ? null : _time.GetUtcNow().UtcDateTime + (timeout ?? _requestTimeout);
        return new CallOptions(headers, deadline, cancellationToken);
    }

    /// <summary>Runs one unary call; failures become a <see cref="RuntimeException"/> naming <paramref name="operation"/>.</summary>
    public async Task<T> CallAsync<T>(string operation, Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken,
        string? lease = null, TimeSpan? timeout = null)
    {
        try
        {
            return await call(Options(cancellationToken, lease, timeout));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException e)
        {
            throw Failure(e, operation, timeout);
        }
    }

    /// <summary>Like <see cref="CallAsync{T}"/>, but null when containerd answers NotFound.</summary>
    public async Task<T?> CallOrNotFoundAsync<T>(string operation, Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken,
        string? lease = null, TimeSpan? timeout = null) where T : class
    {
        try
        {
            return await call(Options(cancellationToken, lease, timeout));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException e)
        {
            throw Failure(e, operation, timeout);
        }
    }

    /// <summary>containerd's own explanation with the operation it answers, or why the socket could not be reached.</summary>
    public RuntimeException Failure(RpcException e, string operation, TimeSpan? timeout = null)
    {
        if (e.StatusCode == StatusCode.Unavailable && IsConnectFailure(e, out var socketError))
            return new RuntimeException($"containerd: cannot reach {Endpoint}: {WhyUnreachable(socketError, e)}", e);
        if (e.StatusCode == StatusCode.DeadlineExceeded)
            return new RuntimeException($"containerd: {operation} timed out after {(timeout ?? _requestTimeout).TotalSeconds:0} s at {Endpoint}", e);
        var detail = string.IsNullOrWhiteSpace(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail;
        return new RuntimeException($"containerd: {operation} failed: {detail} ({e.StatusCode})", e);
    }

    private string WhyUnreachable(SocketException? socketError, RpcException e)
    {
        if (!File.Exists(SocketPath)) return "no such socket (is containerd running?)";
        return socketError?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (is containerd running?)",
            SocketError.AccessDenied => "permission denied (the agent needs read/write access to the socket)",
            _ => socketError?.Message ?? e.Status.Detail,
        };
    }

    private static bool IsConnectFailure(RpcException e, out SocketException? socketError)
    {
        socketError = null;
        var connectFailed = false;
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s) socketError ??= s;
            connectFailed |= inner is SocketException or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
        }
        return connectFailed;
    }

    public void Dispose() => _channel.Dispose();
}
