using EdgeMano.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace EdgeMano.FleetSim.Sim;

/// <summary>The protobuf payloads simulated nodes and the floor's publisher put on the wire.</summary>
internal static class WireMessages
{
    public const string AgentVersion = "fleetsim";

    public static NodeInfo Info(string nodeId, IReadOnlyDictionary<string, string> labels)
    {
        var info = new NodeInfo
        {
            NodeId = nodeId,
            Arch = "amd64",
            Runtime = "docker",
            AgentVersion = AgentVersion,
            Capacity = new Capacity { CpuMillis = 2000, MemoryBytes = 4L << 30 },
        };
        foreach (var (k, v) in labels) info.Labels[k] = v;
        return info;
    }

    /// <summary>What an agent reports after it took a revision: every desired workload running.</summary>
    public static NodeStatus Status(NodeInfo info, long observedRevision, IReadOnlyList<string> workloads)
    {
        var status = new NodeStatus
        {
            NodeId = info.NodeId,
            ObservedRevision = observedRevision,
            ReportedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            AgentVersion = AgentVersion,
            Node = info,
        };
        foreach (var name in workloads)
            status.Workloads.Add(new WorkloadStatus { Name = name, Phase = "Running", Health = "None", SpecHash = "0000000000000000" });
        return status;
    }

    /// <summary>
    /// The floor's desired state: field for field what the plane turns the bench deployment into
    /// (<see cref="BenchDeployment"/>), so both carry payloads of about the same size.
    /// </summary>
    public static DesiredState Desired(string nodeId, long revision, string version)
    {
        var workload = new Workload
        {
            Name = BenchDeployment.WorkloadName,
            Kind = WorkloadKind.Container,
            Image = BenchDeployment.Image,
            Resources = new Resources(),
            Restart = new RestartPolicy
            {
                Mode = RestartMode.Always,
                BackoffUnit = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
                BackoffCap = Duration.FromTimeSpan(TimeSpan.FromSeconds(300)),
                HealthyReset = Duration.FromTimeSpan(TimeSpan.FromSeconds(60)),
            },
        };
        workload.Labels.Add("edgemano.deployment", BenchDeployment.Name);
        workload.Command.Add(BenchDeployment.Command);
        workload.Env.Add("VERSION", version);
        var state = new DesiredState
        {
            NodeId = nodeId,
            Revision = revision,
            IssuedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Source = "plane",
        };
        state.Workloads.Add(workload);
        return state;
    }
}

/// <summary>The one deployment every run applies: one container workload; each change bumps VERSION.</summary>
internal static class BenchDeployment
{
    public const string Name = "fleetsim";
    public const string WorkloadName = "web";
    public const string Image = "local/busybox:1";
    public static readonly string[] Command = ["sleep", "3600"];

    public static string Yaml(string selectorKey, string selectorValue, string version) => $"""
        apiVersion: edgemano/v1
        kind: Deployment
        name: {Name}
        selector: {"{"}{selectorKey}: {selectorValue}{"}"}
        workloads:
          - name: {WorkloadName}
            kind: container
            image: {Image}
            command: [sleep, "3600"]
            env: {"{"}VERSION: {version}{"}"}

        """;
}
