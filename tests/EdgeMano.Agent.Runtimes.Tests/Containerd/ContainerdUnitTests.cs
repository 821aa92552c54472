using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Containerd;
using EdgeMano.Agent.Runtimes.Containerd.Images;
using EdgeMano.Agent.Runtimes.Containerd.Oci;

namespace EdgeMano.Agent.Runtimes.Tests.Containerd;

/// <summary>The pure parts of the containerd driver: no daemon needed.</summary>
public sealed class ContainerdUnitTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(119)]
    [InlineData(1_000_003)]
    public void Sha256Digest_AnyLength_MatchesTheFrameworkHash(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var incremental = new Sha256Digest();
        for (var at = 0; at < length; at += 777) incremental.Append(data.AsSpan(at, Math.Min(777, length - at)));

        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
        Assert.Equal(expected, Sha256Digest.Of(data));
        Assert.Equal(expected, incremental.Finish());
    }

    [Fact]
    public void ChainIds_FollowTheOciDefinition()
    {
        const string a = "sha256:aaaa", b = "sha256:bbbb", c = "sha256:cccc";
        var ab = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(a + " " + b)));
        var abc = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ab + " " + c)));

        Assert.Equal([a, ab, abc], ImageStore.ChainIds([a, b, c]));
    }

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("local/busybox:1", "docker.io/local/busybox:1")]
    [InlineData("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app:latest")]
    [InlineData("localhost/app:2", "localhost/app:2")]
    [InlineData("registry.example/app@sha256:abc", "registry.example/app@sha256:abc")]
    public void Normalize_LikeDockerAndCtrImport(string reference, string stored) =>
        Assert.Equal(stored, ImageNames.Normalize(reference));

    [Theory]
    [InlineData("node-1", "web")]
    [InlineData("Node_1", "--we..b--")]
    [InlineData("a-very-long-node-identifier-that-goes-on-and-on", "and-a-workload-name-that-is-just-as-long-as-it-can-be")]
    public void NewContainerId_IsAValidContainerdIdentifier_AndUnique(string node, string workload)
    {
        var id = ContainerdNaming.NewContainerId(node, workload);

        Assert.Matches("^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$", id);
        Assert.True(id.Length <= 76, id);
        Assert.NotEqual(id, ContainerdNaming.NewContainerId(node, workload));
    }

    [Fact]
    public void OwnedFilter_QuotesKeysAndValues()
    {
        Assert.Equal("labels.\"edgemano.node\"==\"n-1\",labels.\"edgemano.workload\"==\"we\\\"b\"", ContainerdNaming.OwnedFilter("n-1", "we\"b"));
    }

    [Fact]
    public void Build_ImageDefaultsAndWorkloadOverrides_AsDocker()
    {
        var image = Image(new ImageRunConfig { Env = ["PATH=/bin", "MODE=image"], Entrypoint = ["/entry"], Cmd = ["default"], WorkingDir = "/srv", User = "1000:100" });
        var spec = Workload() with { Env = new(new Dictionary<string, string> { ["MODE"] = "spec", ["EXTRA"] = "1" }) };

        var oci = OciSpecBuilder.Build(spec, image, "id-1", "edgemano", initPath: null);

        Assert.Equal(["/entry", "default"], oci.Process.Args);
        Assert.Equal(["PATH=/bin", "MODE=spec", "EXTRA=1"], oci.Process.Env);
        Assert.Equal("/srv", oci.Process.Cwd);
        Assert.Equal((1000u, 100u), (oci.Process.User.Uid, oci.Process.User.Gid));
        Assert.Equal("/edgemano/id-1", oci.Linux.CgroupsPath);
        Assert.Null(oci.Linux.Resources!.Memory);
        Assert.Contains(oci.Mounts, m => m.Destination == "/proc" && m.Type == "proc");
        Assert.Contains("CAP_NET_BIND_SERVICE", oci.Process.Capabilities!.Bounding);
    }

    [Fact]
    public void Args_CommandDropsImageCmd_ArgsReplaceIt_InitWrapsThem()
    {
        var run = new ImageRunConfig { Entrypoint = ["/entry"], Cmd = ["default"] };

        Assert.Equal(["sh", "-c"], OciSpecBuilder.Args(Workload() with { Command = new(["sh", "-c"]) }, run, null, "img"));
        Assert.Equal(["/entry", "x"], OciSpecBuilder.Args(Workload() with { Args = new(["x"]) }, run, null, "img"));
        Assert.Equal(["/.edgemano-init", "--", "/entry", "default"], OciSpecBuilder.Args(Workload(), run, "/usr/bin/tini-static", "img"));
        Assert.Throws<RuntimeException>(() => OciSpecBuilder.Args(Workload(), null, null, "img"));
    }

    [Fact]
    public void Build_NamedUser_IsRefusedWithTheReason()
    {
        var error = Assert.Throws<RuntimeException>(() =>
            OciSpecBuilder.Build(Workload(), Image(new ImageRunConfig { User = "nginx", Cmd = ["x"] }), "id", "ns", null));

        Assert.Contains("runs as user 'nginx'", error.Message);
    }

    [Fact]
    public void Spec_SerializesAsOciJson()
    {
        var oci = OciSpecBuilder.Build(Workload() with { Resources = new() { Cpus = 1.5, MemoryBytes = 1 << 20 } },
            Image(new ImageRunConfig { Cmd = ["x"] }), "id", "ns", null);

        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(oci, ContainerdJsonContext.Default.OciSpec))!;

        Assert.Equal("rootfs", (string?)json["root"]!["path"]);
        Assert.Equal(150_000, (long?)json["linux"]!["resources"]!["cpu"]!["quota"]);
        Assert.Equal(1 << 20, (long?)json["linux"]!["resources"]!["memory"]!["limit"]);
        Assert.Equal("RLIMIT_NOFILE", (string?)json["process"]!["rlimits"]![0]!["type"]);
        Assert.False(json["linux"]!["resources"]!["devices"]![0]!["allow"]!.GetValue<bool>()); // deny all; runc adds its defaults
    }

    private static WorkloadSpec Workload() => new() { Name = "w", Kind = WorkloadKind.Container, Image = "img" };

    private static ResolvedImage Image(ImageRunConfig run) => new("img", "docker.io/library/img:latest", new ImageDescriptor(),
        new ImageConfigFile { Config = run }, [], ["sha256:a"], ["sha256:a"]);
}
