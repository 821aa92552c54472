using System.Net;
using EdgeMano.Agent.Core.Model;
using static EdgeMano.Agent.Core.Validation.ValidationContext;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>Rules for one workload's published ports (node-wide clashes are checked by the caller).</summary>
internal static class PortRules
{
    public static void Check(WorkloadSpec w, string at, ValidationContext context)
    {
        var ports = Child(at, "ports");
        for (var j = 0; j < w.Ports.Count; j++)
        {
            var port = w.Ports[j];
            var path = Index(ports, j);
            if (port.ContainerPort is < 1 or > 65535)
                context.Add(Child(path, "containerPort"), $"must be between 1 and 65535, got {port.ContainerPort}");
            if (port.HostPort is < 0 or > 65535)
                context.Add(Child(path, "hostPort"), $"must be between 1 and 65535 (or 0 for the same as containerPort), got {port.HostPort}");
            if (port.Protocol is not ("tcp" or "udp"))
                context.Add(Child(path, "protocol"), $"expected tcp or udp, got '{port.Protocol}'");
            if (port.HostIp.Length > 0 && !IPAddress.TryParse(port.HostIp, out _))
                context.Add(Child(path, "hostIp"), $"'{port.HostIp}' is not an IP address");
        }
    }
}
