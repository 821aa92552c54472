using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;
using k8s;
using k8s.Models;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Helm;

/// <summary>
/// k3s's helm-controller: a helm.cattle.io/v1 HelmChart in kube-system (server-side applied) names the
/// chart, target namespace and values; the controller runs a helm-install job and records its name
/// in status.jobName. HelmCharts this node did not create (k3s's own traefik, ...) are never touched.
/// </summary>
internal sealed class HelmChartCrd(KubernetesApi api, string chartNamespace, string nodeId) : IHelmMechanism
{
    public const string Group = "helm.cattle.io";
    public const string Version = "v1";
    public const string Plural = "helmcharts";

    public string Description => $"k3s HelmChart ({Group}/{Version}) in {chartNamespace}";

    public async Task InstallOrUpgradeAsync(string name, string ns, HelmChartSource chart, string valuesYaml, CancellationToken cancellationToken)
    {
        var existing = await ReadOwnedAsync(name, "install", cancellationToken).ConfigureAwait(false);
        if (existing?.Spec?.TargetNamespace is { Length: > 0 } target && target != ns)
            throw new RuntimeException($"kubernetes: cannot install Helm release {name} in {ns}: HelmChart {chartNamespace}/{name} already installs it in {target}");
        var spec = new JsonObject
        {
            ["targetNamespace"] = ns,
            ["createNamespace"] = true,
            ["valuesContent"] = valuesYaml,
        };
        if (chart.Archive is { } archive)
        {
            spec["chartContent"] = Convert.ToBase64String(archive);
        }
        else
        {
            spec["chart"] = chart.Chart;
            if (chart.Repository.Length > 0) spec["repo"] = chart.Repository;
            if (chart.Version.Length > 0) spec["version"] = chart.Version;
        }
        var body = new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "HelmChart",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = chartNamespace,
                ["labels"] = new JsonObject
                {
                    [KubernetesNaming.ManagedByLabel] = KubernetesNaming.ManagedByValue,
                    [KubernetesNaming.NodeLabel] = nodeId,
                },
            },
            ["spec"] = spec,
        };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        await api.CallAsync($"apply HelmChart {chartNamespace}/{name}", (c, ct) => c.CustomObjects.PatchNamespacedCustomObjectAsync(
            patch, Group, Version, chartNamespace, Plural, name, fieldManager: KubernetesNaming.FieldManager, force: true, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task UninstallAsync(string name, string ns, CancellationToken cancellationToken)
    {
        if (await ReadOwnedAsync(name, "uninstall", cancellationToken).ConfigureAwait(false) is null) return;
        // The controller's finalizer runs a helm-delete job before the object goes.
        await api.ReadAsync($"delete HelmChart {chartNamespace}/{name}", (c, ct) => c.CustomObjects.DeleteNamespacedCustomObjectAsync(
            Group, Version, chartNamespace, Plural, name, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<HelmReleaseStatus> StatusAsync(string name, string ns, CancellationToken cancellationToken)
    {
        HelmReleaseStatus Status(HelmReleasePhase phase, string detail) => new(name, ns, phase, Description, detail);
        var chart = await ReadOwnedAsync(name, "read", cancellationToken).ConfigureAwait(false);
        if (chart is null) return Status(HelmReleasePhase.NotInstalled, $"no HelmChart {chartNamespace}/{name}");
        if (chart.Status?.JobName is not { Length: > 0 } jobName)
            return Status(HelmReleasePhase.Pending, "waiting for the helm-controller to start the install job");
        var job = await api.ReadAsync($"read Job {chartNamespace}/{jobName}", (c, ct) => c.BatchV1.ReadNamespacedJobAsync(jobName, chartNamespace, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        if (job is null) return Status(HelmReleasePhase.Pending, $"install job {jobName} not created yet");
        var failed = job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        if (failed is not null) return Status(HelmReleasePhase.Failed, $"install job {jobName} failed: {failed.Reason}: {failed.Message}");
        if (job.Status?.Succeeded > 0) return Status(HelmReleasePhase.Deployed, $"install job {jobName} succeeded");
        var attempts = job.Status?.Failed ?? 0;
        return Status(HelmReleasePhase.Pending, attempts > 0 ? $"install job {jobName} running ({attempts} failed attempts)" : $"install job {jobName} running");
    }

    /// <summary>The HelmChart, or null when absent; throws when it exists but is not this node's.</summary>
    private async Task<HelmChartObject?> ReadOwnedAsync(string name, string verb, CancellationToken cancellationToken)
    {
        var raw = await api.ReadAsync($"read HelmChart {chartNamespace}/{name}", (c, ct) => c.CustomObjects.GetNamespacedCustomObjectAsync(
            Group, Version, chartNamespace, Plural, name, ct), cancellationToken).ConfigureAwait(false);
        if (raw is null) return null;
        var chart = raw is JsonElement element ? element.Deserialize(KubeJsonContext.Default.HelmChartObject) : null;
        if (chart is null || !KubernetesNaming.IsOwnedBy(chart.Metadata.Labels, nodeId))
            throw new RuntimeException($"kubernetes: cannot {verb} Helm release {name}: HelmChart {chartNamespace}/{name} exists and is not managed by node {nodeId}");
        return chart;
    }
}
