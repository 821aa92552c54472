using System.Net;
using System.Net.Sockets;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>An address as /etc/hosts takes it: what the agent's host entries and a network service's PNFs accept.</summary>
public static class IpLiteral
{
    /// <summary>
    /// Dotted-quad IPv4 or IPv6, without a zone. Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>,
    /// which also reads "10" or "0x0a.1" as IPv4 addresses that /etc/hosts would not.
    /// </summary>
    public static bool IsValid(string text)
    {
        if (!IPAddress.TryParse(text, out var ip)) return false;
        return ip.AddressFamily switch
        {
            AddressFamily.InterNetwork => ip.ToString() == text,
            AddressFamily.InterNetworkV6 => text.Contains(':') && !text.Contains('%') && !text.Contains('['),
            _ => false,
        };
    }
}
