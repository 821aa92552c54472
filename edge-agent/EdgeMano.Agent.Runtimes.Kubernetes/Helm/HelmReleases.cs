using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Helm;

/// <summary>
/// Helm releases on the agent's cluster (the workload model gets a Helm kind later). With k3s the
/// cluster's own helm-controller installs them from helm.cattle.io/v1 HelmChart objects, so the
/// node needs no helm binary; elsewhere a helm binary on PATH runs <c>helm upgrade --install</c>.
/// The mechanism is chosen on first use and logged with the reason.
/// </summary>
public sealed class HelmReleases
{
    public const string NoMechanism =
        "no way to install Helm charts on this cluster: k3s HelmChart CRD (helm.cattle.io/v1) not served and no helm binary on PATH";

    private readonly KubernetesRuntime _runtime;
    private readonly HelmOptions _options;
    private readonly IProcessRunner _processes;
    private readonly SemaphoreSlim _choosing = new(1, 1);
    private IHelmMechanism? _mechanism;

    public HelmReleases(KubernetesRuntime runtime, HelmOptions? options = null, IProcessRunner? processRunner = null)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _options = options ?? new HelmOptions();
        _processes = processRunner ?? new SystemProcessRunner();
    }

    public async Task<HelmReleaseStatus> InstallOrUpgradeAsync(string name, string @namespace, HelmChartSource chart, string valuesYaml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var mechanism = await MechanismAsync(cancellationToken).ConfigureAwait(false);
        await mechanism.InstallOrUpgradeAsync(name, @namespace, chart, valuesYaml ?? "", cancellationToken).ConfigureAwait(false);
        KubernetesRuntimeLog.HelmAction(_runtime.Logger, name, @namespace, $"install or upgrade {chart}", mechanism.Description);
        return await mechanism.StatusAsync(name, @namespace, cancellationToken).ConfigureAwait(false);
    }

    public async Task UninstallAsync(string name, string @namespace, CancellationToken cancellationToken)
    {
        var mechanism = await MechanismAsync(cancellationToken).ConfigureAwait(false);
        await mechanism.UninstallAsync(name, @namespace, cancellationToken).ConfigureAwait(false);
        KubernetesRuntimeLog.HelmAction(_runtime.Logger, name, @namespace, "uninstall", mechanism.Description);
    }

    public async Task<HelmReleaseStatus> StatusAsync(string name, string @namespace, CancellationToken cancellationToken) =>
        await (await MechanismAsync(cancellationToken).ConfigureAwait(false)).StatusAsync(name, @namespace, cancellationToken).ConfigureAwait(false);

    /// <summary>Which mechanism is in use (chosen on first use), e.g. for status output.</summary>
    public async Task<string> MechanismDescriptionAsync(CancellationToken cancellationToken) =>
        (await MechanismAsync(cancellationToken).ConfigureAwait(false)).Description;

    private async Task<IHelmMechanism> MechanismAsync(CancellationToken cancellationToken)
    {
        if (_mechanism is { } chosen) return chosen;
        await _choosing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_mechanism is not null) return _mechanism;
            var api = _runtime.Api;
            // GET /apis/helm.cattle.io/v1: 404 when the group is not served (not k3s, or its helm-controller is disabled).
            var group = await api.ReadAsync("discover helm.cattle.io/v1",
                (c, ct) => k8s.CustomObjectsOperationsExtensions.GetAPIResourcesAsync(c.CustomObjects, HelmChartCrd.Group, HelmChartCrd.Version, ct),
                cancellationToken).ConfigureAwait(false);
            string reason;
            if (group?.Resources?.Any(r => r.Name == HelmChartCrd.Plural) == true)
            {
                _mechanism = new HelmChartCrd(api, _options.ChartNamespace, _runtime.Options.NodeId);
                reason = $"the cluster serves {HelmChartCrd.Group}/{HelmChartCrd.Version} {HelmChartCrd.Plural} (k3s helm-controller)";
            }
            else if (FindOnPath("helm") is { } helm)
            {
                _mechanism = new HelmBinary(helm, _processes, api.Config.KubeconfigPath, _runtime.Options.Context, _options.CommandTimeout);
                reason = $"{HelmChartCrd.Group}/{HelmChartCrd.Version} is not served by this cluster; found {helm}";
            }
            else
            {
                throw new RuntimeException(NoMechanism);
            }
            KubernetesRuntimeLog.HelmMechanism(_runtime.Logger, api.Server, _mechanism.Description, reason);
            return _mechanism;
        }
        finally
        {
            _choosing.Release();
        }
    }

    private string? FindOnPath(string program)
    {
        var path = _options.SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return candidate;
        }
        return null;
    }
}
