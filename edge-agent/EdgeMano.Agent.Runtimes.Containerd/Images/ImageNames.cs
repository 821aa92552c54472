namespace EdgeMano.Agent.Runtimes.Containerd.Images;

/// <summary>
/// Docker's reference normalization, which ctr import and the Docker driver also apply:
/// <c>busybox</c> is <c>docker.io/library/busybox:latest</c>, <c>local/busybox:1</c> is <c>docker.io/local/busybox:1</c>.
/// containerd itself stores names verbatim, so both sides must agree on this form.
/// </summary>
internal static class ImageNames
{
    public static string Normalize(string reference)
    {
        var name = reference;
        var slash = name.IndexOf('/');
        var first = slash < 0 ? "" : name[..slash];
        if (slash < 0) name = "docker.io/library/" + name;
        else if (!(first.Contains('.') || first.Contains(':') || first == "localhost")) name = "docker.io/" + name;

        if (name.Contains('@')) return name;
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name : name + ":latest";
    }
}
