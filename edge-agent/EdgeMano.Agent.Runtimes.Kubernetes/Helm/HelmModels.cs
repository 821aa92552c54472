namespace EdgeMano.Agent.Runtimes.Kubernetes.Helm;

/// <summary>Where a chart comes from: a packaged archive (.tgz bytes), or a repository, chart name and version.</summary>
public sealed record HelmChartSource
{
    private HelmChartSource() { }

    public byte[]? Archive { get; private init; }
    public string Repository { get; private init; } = "";
    public string Chart { get; private init; } = "";
    public string Version { get; private init; } = "";

    public static HelmChartSource FromArchive(byte[] archive) =>
        archive is { Length: > 0 } ? new() { Archive = archive } : throw new ArgumentException("the chart archive is empty", nameof(archive));

    /// <summary><paramref name="version"/> empty means the repository's latest.</summary>
    public static HelmChartSource FromRepository(string repository, string chart, string version = "") =>
        string.IsNullOrWhiteSpace(chart) ? throw new ArgumentException("a chart name is required", nameof(chart))
            : new() { Repository = repository, Chart = chart, Version = version };

    public override string ToString() => Archive is not null ? $"chart archive ({Archive.Length} bytes)" : $"{Repository} {Chart} {Version}".Trim();
}

public enum HelmReleasePhase { NotInstalled, Pending, Deployed, Failed }

public sealed record HelmReleaseStatus(string Name, string Namespace, HelmReleasePhase Phase, string Mechanism, string Detail);

public sealed record HelmOptions
{
    /// <summary>Where HelmChart objects go: k3s's helm-controller watches kube-system.</summary>
    public string ChartNamespace { get; init; } = "kube-system";

    /// <summary>Directories searched for a helm binary; null means the PATH environment variable.</summary>
    public string? SearchPath { get; init; }

    /// <summary>Upper bound for one helm command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>Runs a program to completion; the seam between the helm-binary mechanism and the OS.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>One way of installing charts (HelmChart CRD or helm binary).</summary>
internal interface IHelmMechanism
{
    string Description { get; }
    Task InstallOrUpgradeAsync(string name, string ns, HelmChartSource chart, string valuesYaml, CancellationToken cancellationToken);
    Task UninstallAsync(string name, string ns, CancellationToken cancellationToken);
    Task<HelmReleaseStatus> StatusAsync(string name, string ns, CancellationToken cancellationToken);
}
