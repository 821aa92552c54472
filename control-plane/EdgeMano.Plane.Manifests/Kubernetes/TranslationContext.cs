using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>What one translation shares: options, the package's ConfigMaps and Secrets, notes.</summary>
internal sealed class TranslationContext(string namePrefix, ManifestOptions options)
{
    private readonly List<(SourceFile File, LocatedError Error)> _notes = [];

    public string NamePrefix { get; } = namePrefix;

    public ManifestOptions Options { get; } = options;

    public ConfigSources Config { get; } = new();

    public IReadOnlyList<(SourceFile File, LocatedError Error)> Notes => _notes;

    /// <summary>The workload name of a pod (and container, when the pod has several).</summary>
    public string WorkloadName(string podName, string? container) =>
        container is null ? $"{NamePrefix}-{podName}" : $"{NamePrefix}-{podName}-{container}";

    public void Note(ManifestObject at, string path, string message) => _notes.Add((at.File, at.At(path, message)));
}
