using System.Globalization;
using System.Text;

namespace EdgeMano.Agent.Core.Model;

/// <summary>
/// A stable fingerprint of a workload spec. Runtimes label what they create with it, so after an
/// agent restart an unchanged workload is adopted and a changed one is recreated.
/// The text form is explicit (not a serializer's output) so a library upgrade cannot change it.
/// </summary>
public static class SpecHash
{
    public static string Compute(WorkloadSpec spec)
    {
        var b = new StringBuilder(256);
        void Field(string name, string value) => b.Append(name).Append('=').Append(value.Length).Append(':').Append(value).Append(';');
        string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

        Field("name", spec.Name);
        Field("kind", spec.Kind.ToString());
        Field("image", spec.Image);
        foreach (var c in spec.Command) Field("cmd", c);
        foreach (var a in spec.Args) Field("arg", a);
        foreach (var (k, v) in spec.Env) Field("env", k + "=" + v);
        foreach (var p in spec.Ports) Field("port", $"{p.ContainerPort}/{p.HostPort}/{p.Protocol}/{p.HostIp}");
        foreach (var m in spec.Mounts) Field("mount", $"{m.Source}|{m.Target}|{m.ReadOnly}");
        Field("cpus", Num(spec.Resources.Cpus));
        Field("mem", spec.Resources.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        foreach (var (k, v) in spec.Labels) Field("label", k + "=" + v);
        Field("workdir", spec.WorkingDir);
        Field("network", spec.Network);
        // Fields added later write nothing when empty, so a spec without them hashes as it always
        // did and an agent upgrade does not recreate running containers.
        foreach (var n in spec.Networks)
        {
            Field("net", n.Name);
            foreach (var alias in n.Aliases) Field("alias", alias);
        }
        foreach (var (k, v) in spec.Hosts) Field("host", k + "=" + v);
        // Restart policy and health probe are enforced by the agent, not by the runtime object,
        // so changing them must not recreate a running workload.
        return Fnv1a64(b.ToString()).ToString("x16", CultureInfo.InvariantCulture);
    }

    // FNV-1a: a change detector, not a security boundary (labels are set by whoever owns the
    // runtime anyway). Avoiding SHA-256 keeps libcrypto (~3.5 MB RSS) out of the agent.
    private static ulong Fnv1a64(string text)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < n; i++) hash = (hash ^ buffer[i]) * 1099511628211UL;
        }
        return hash;
    }
}
