using System.Net.Sockets;

namespace EdgeMano.Agent.Uplink.Link;

/// <summary>Turns a network exception into a short reason an operator can act on.</summary>
internal static class LinkErrors
{
    public static string Describe(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
            if (e is SocketException socket) return Socket(socket.SocketErrorCode);
        if (exception is OperationCanceledException or TimeoutException) return "timed out";
        var message = exception.Message;
        return message.Length == 0 ? exception.GetType().Name : message;
    }

    private static string Socket(SocketError code) => code switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.TimedOut => "timed out",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.TryAgain => "host name lookup failed (try again)",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkDown => "network down",
        SocketError.Shutdown => "connection shut down",
        _ => "socket error " + code,
    };
}
