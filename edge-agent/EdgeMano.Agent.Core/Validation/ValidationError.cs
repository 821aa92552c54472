namespace EdgeMano.Agent.Core.Validation;

/// <summary>
/// A rule broken by a desired state. <see cref="Path"/> uses the YAML field names
/// (<c>workloads[1].ports[0].hostPort</c>) whatever the source, so a file reader can locate it.
/// <see cref="RelatedPath"/> points at the other party of a conflict (the first duplicate).
/// </summary>
public sealed record ValidationError(string Path, string Message, string? RelatedPath = null)
{
    public override string ToString() => $"{Path}: {Message}";
}
