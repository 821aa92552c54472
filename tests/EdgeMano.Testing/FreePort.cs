using System.Net;
using System.Net.Sockets;

namespace EdgeMano.Testing;

/// <summary>A TCP port nobody listens on right now (the kernel picks it), never a well-known one.</summary>
public static class FreePort
{
    public static int Get()
    {
        // Bind on all interfaces: Docker publishes on 0.0.0.0, so the port must be free there too.
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
