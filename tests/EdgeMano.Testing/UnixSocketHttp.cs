using System.Net.Sockets;

namespace EdgeMano.Testing;

/// <summary>An <see cref="HttpClient"/> that talks HTTP over a unix socket (the Docker Engine API).</summary>
public static class UnixSocketHttp
{
    /// <summary>Engine API version the tests pin, like the agent (dockerd 20.10 speaks 1.41).</summary>
    public const string ApiPrefix = "/v1.41";

    public static HttpClient CreateClient(string socketPath, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
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
        return new HttpClient(handler)
        {
            BaseAddress = new Uri("http://docker"),
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
    }
}
