using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Runtimes.Kubernetes.Manifests;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests;

public sealed class NamingAndManifestTests
{
    [Fact]
    public void ObjectName_IsADns1035Label_LongNamesKeepAHashSuffix()
    {
        Assert.Equal("em-node-a-web", KubernetesNaming.ObjectName("node-a", "web"));
        Assert.Equal("em-edge-01-site-3-web", KubernetesNaming.ObjectName("Edge_01.site_3", "web"));
        var longName = KubernetesNaming.ObjectName("node-" + new string('x', 60), "web");
        var other = KubernetesNaming.ObjectName("node-" + new string('x', 60), "api");
        Assert.True(longName.Length <= 63);
        Assert.NotEqual(longName, other);
        Assert.Matches("^[a-z]([-a-z0-9]*[a-z0-9])?$", longName);
    }

    [Fact]
    public void RuntimeId_RoundTrips_AndForeignIdsAreRejected()
    {
        var id = KubernetesNaming.RuntimeId(KubernetesNaming.StatefulSet, "em-a-db", "u-1");
        Assert.Equal(("statefulset", "em-a-db", "u-1"), KubernetesNaming.ParseRuntimeId(id));
        Assert.Null(KubernetesNaming.ParseRuntimeId("3f2a9c0d1b7e"));
    }

    [Fact]
    public void Manifests_MapProbesHostNetworkMountsAndGrace()
    {
        var spec = new WorkloadSpec
        {
            Name = "probe",
            Kind = WorkloadKind.Container,
            Image = "local/busybox:1",
            Network = "host",
            Mounts = new ValueList<MountSpec>([new MountSpec { Source = "/srv/data", Target = "/data", ReadOnly = true }]),
            Health = new HealthProbeSpec { Kind = ProbeKind.Exec, Command = new ValueList<string>(["true"]), Timeout = TimeSpan.FromMilliseconds(500), FailureThreshold = 0 },
        };

        var objects = WorkloadManifests.Build(spec, "h", "n", "ns", TimeSpan.FromSeconds(7));

        var pod = objects.Workload.Body["spec"]!["template"]!["spec"]!;
        Assert.True((bool)pod["hostNetwork"]!);
        Assert.Equal(7, (int)pod["terminationGracePeriodSeconds"]!);
        Assert.Equal("/srv/data", (string?)pod["volumes"]![0]!["hostPath"]!["path"]);
        var container = pod["containers"]![0]!;
        Assert.True((bool)container["volumeMounts"]![0]!["readOnly"]!);
        Assert.Equal("true", (string?)container["livenessProbe"]!["exec"]!["command"]![0]);
        Assert.Equal(1, (int)container["livenessProbe"]!["timeoutSeconds"]!);
        Assert.Equal(1, (int)container["livenessProbe"]!["failureThreshold"]!);
        Assert.Null(objects.Service);
    }

    [Fact]
    public void Render_HashChangesWithTheBody_AndIsAnnotated()
    {
        var a = WorkloadManifests.Build(new WorkloadSpec { Name = "w", Kind = WorkloadKind.Container, Image = "i:1" }, "h", "n", "ns", TimeSpan.Zero).Workload;
        var b = WorkloadManifests.Build(new WorkloadSpec { Name = "w", Kind = WorkloadKind.Container, Image = "i:2" }, "h", "n", "ns", TimeSpan.Zero).Workload;

        var (json, hash) = a.Render();

        Assert.NotEqual(hash, b.Render().Hash);
        Assert.Equal(hash, a.Render().Hash);
        Assert.Contains($"\"edgemano.io/applied-hash\":\"{hash}\"", json);
        Assert.Null(a.Body["metadata"]!["annotations"]); // rendering does not change the body
    }
}
