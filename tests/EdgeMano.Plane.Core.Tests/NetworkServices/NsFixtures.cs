using System.Text;
using EdgeMano.Plane.Core.Fleet;
using EdgeMano.Plane.Core.Packages;

namespace EdgeMano.Plane.Core.Tests.NetworkServices;

/// <summary>CNF packages and an NSD, as YAML onboarded into a controller.</summary>
internal static class NsFixtures
{
    public const string Server = """
        apiVersion: edgemano/v1
        kind: CnfPackage
        metadata: {name: srv, version: 1.0.0, provider: test}
        workloads:
          - {name: httpd, kind: container, image: local/busybox:1, command: [httpd, -f, -p, "8080"]}
        """;

    public const string Probe = """
        apiVersion: edgemano/v1
        kind: CnfPackage
        metadata: {name: probe, version: 1.0.0, provider: test}
        workloads:
          - {name: probe, kind: container, image: local/busybox:1, command: [sleep, "3600"]}
          - {name: helper, kind: process, command: [/bin/sleep, "3600"]}
        """;

    public const string Nsd = """
        apiVersion: edgemano/v1
        kind: NetworkService
        metadata: {name: web, version: 1.0.0, provider: test}
        cnfs:
          - {name: server, package: srv@1.0.0}
          - {name: client, package: probe@1.0.0}
          - {name: outsider, package: probe@1.0.0}
        virtualLinks:
          - {name: data, members: [server, client, radio]}
          - {name: mgmt, members: [outsider]}
        pnfs:
          - {name: radio, address: 192.0.2.10, ports: [9000/udp]}
          - {name: clock, address: 192.0.2.20}
        """;

    public static void OnboardAll(FleetController fleet, params string[] yamls)
    {
        foreach (var yaml in yamls.Length == 0 ? [Server, Probe, Nsd] : yamls)
        {
            var result = fleet.Onboard("pkg.yaml", Encoding.UTF8.GetBytes(yaml));
            Assert.True(result.Outcome is OnboardOutcome.Created or OnboardOutcome.Unchanged, string.Join("\n", result.Errors));
        }
    }
}
