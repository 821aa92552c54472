using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeMano.Agent.Runtimes.Tests.Health;

/// <summary>A minimal HTTP/1.1 server on a loopback port the kernel picks: answers every request with <see cref="Status"/>.</summary>
internal sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<string> _paths = [];

    public TinyHttpServer(int status, TimeSpan? delay = null)
    {
        Status = status;
        Delay = delay ?? TimeSpan.Zero;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Status { get; }

    public TimeSpan Delay { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<string> Paths
    {
        get { lock (_paths) return [.. _paths]; }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0) return;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                lock (_paths) _paths.Add(head.ToString().Split(' ')[1]);
                await Task.Delay(Delay, _stop.Token);
                var reply = $"HTTP/1.1 {Status.ToString(CultureInfo.InvariantCulture)} Status\r\nContent-Length: 0\r\nLocation: /elsewhere\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
