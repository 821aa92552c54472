using EdgeMano.Plane.Manifests;

namespace EdgeMano.Plane.Manifests.Tests.Kubernetes;

/// <summary>One manifest set with many faults: every one is reported, at its line and path, in one pass.</summary>
public class BrokenManifestsTests
{
    private static readonly string[] Expected =
    [
        "broken/cnf.yaml:7:13: spec.replicas: replicas is 3: a container node runs one instance of each workload, so only 1 (or no replicas field) can be translated",
        "broken/cnf.yaml:17:9: spec.template.spec.initContainers: initContainers cannot be translated for container nodes: the agent has no ordered start-up phase; fold the step into the main container's command",
        "broken/cnf.yaml:21:18: spec.template.spec.containers[0].image: Deployment 'amf' container 'amf' (workload 'vnf-amf'): repository 'Registry.local/Core/AMF' must be lowercase ('Core')",
        "broken/cnf.yaml:26:25: spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name: ConfigMap 'amf-settings' is not in this manifest set (namespace default): on container nodes values are resolved from the ConfigMaps and Secrets shipped with the package",
        "broken/cnf.yaml:31:30: spec.template.spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: fieldRef 'status.podIP' cannot be translated for container nodes: it is known only to a kubelet on a cluster; supported: metadata.name, metadata.namespace, metadata.labels['key']",
        "broken/cnf.yaml:37:23: spec.template.spec.containers[0].resources.limits.memory: expected a size like 64Mi, 1Gi, 512M, 100k or a number of bytes, got '64m': write Mi or Gi for binary units, M or G for decimal ones",
        "broken/cnf.yaml:38:31: spec.template.spec.containers[0].resources.limits.nvidia.com/gpu: resource limit 'nvidia.com/gpu' cannot be translated for container nodes: the agent limits cpu and memory only",
        "broken/cnf.yaml:42:21: spec.template.spec.containers[0].livenessProbe.httpGet.port: named port 'metrics' is not declared in the container's ports (named: 'sbi')",
        "broken/cnf.yaml:43:11: spec.template.spec.containers[0].lifecycle: container field 'lifecycle' cannot be translated for container nodes: the agent runs no postStart/preStop hooks",
        "broken/cnf.yaml:50:21: spec.template.spec.containers[0].volumeMounts[1].name: volume 'data' is not declared in the pod's volumes",
        "broken/cnf.yaml:57:13: spec.template.spec.volumes[0].configMap: volume 'config' (configMap) cannot be translated for container nodes: the agent does not project API objects into files; install the files on the node and use a hostPath volume",
        "broken/cnf.yaml:59:21: spec.template.spec.volumes[1].emptyDir: volume 'scratch' (emptyDir) cannot be translated for container nodes: no node directory is set for emptyDir volumes (ManifestOptions.EmptyDirRoot); use a hostPath volume",
        "broken/cnf.yaml:62:7: kind: kind 'CronJob' cannot be translated for container nodes (in broken/cnf.yaml); supported: Deployment, StatefulSet, ReplicaSet, DaemonSet, Pod, Service, ConfigMap, Secret",
        "broken/cnf.yaml:78:19: spec.ports[0].targetPort: targets named port 'grpc'/tcp, which no container selected by Service 'amf-sbi' declares",
        "broken/cnf.yaml:86:6: data.K: is not valid base64: Secret data values are base64-encoded (put plain text under stringData)",
        "broken/cnf.yaml:93:18: spec.restartPolicy: expected one of Always, OnFailure, Never, got 'Sometimes'",
        "broken/cnf.yaml:98:11: spec.containers[0].ports[0]: Pod 'smf' container 'smf' (workload 'vnf-smf'): host port 8080/tcp is already published by Deployment 'amf' container 'amf' (broken/cnf.yaml:33); a container port without hostPort is published on 127.0.0.1 at the same number so the node can reach it: give it a hostPort or a NodePort Service with another port",
    ];

    [Fact]
    public void ToWorkloads_BrokenSet_ReportsEveryFaultAtItsLineAndNoWorkload()
    {
        var result = KubernetesManifests.ToWorkloads([Fixture.Manifest("broken/cnf.yaml")], "vnf");

        Assert.Equal(Expected, result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Workloads);
        Assert.False(result.Succeeded);
    }
}
