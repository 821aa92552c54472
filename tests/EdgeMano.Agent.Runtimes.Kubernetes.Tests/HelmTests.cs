using System.Text;
using System.Text.Json.Nodes;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Helm;
using EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HelmTests : DriverTestBase
{
    private const string HelmCharts = "/apis/helm.cattle.io/v1/namespaces/kube-system/helmcharts";
    private const string Jobs = "/apis/batch/v1/namespaces/kube-system/jobs";
    private static readonly byte[] Archive = Encoding.ASCII.GetBytes("\u001f\u008bnot-really-a-tgz");

    /// <summary>What k3s's helm-controller does with a HelmChart: start a helm-install job and name it in the status.</summary>
    private void SimulateHelmController(bool jobSucceeds = true)
    {
        Api.ServesHelmCrd = true;
        Api.OnPatched = (collection, chart) =>
        {
            if (collection != HelmCharts) return;
            var name = (string)chart["metadata"]!["name"]!;
            Api.Store.SetStatus(collection, name, new JsonObject { ["jobName"] = $"helm-install-{name}" });
            if (jobSucceeds) Api.Store.Put(Jobs, Fixtures.Named("job-helm-install-succeeded.json", $"helm-install-{name}"));
        };
    }

    [Fact]
    public async Task CrdServed_InstallFromArchive_AppliesHelmChart_AndReportsTheJob()
    {
        SimulateHelmController();
        var helm = new HelmReleases(Driver(), new HelmOptions { SearchPath = "" });

        var status = await helm.InstallOrUpgradeAsync("mosquitto", "iot", HelmChartSource.FromArchive(Archive), "replicaCount: 1\n", CancellationToken.None);

        var apply = Assert.Single(Api.RequestsTo("PATCH", $"{HelmCharts}/mosquitto"));
        Assert.StartsWith("application/apply-patch+yaml", apply.ContentType);
        Assert.Equal("edgemano", apply.QueryValue("fieldManager"));
        Assert.Equal("true", apply.QueryValue("force"));
        var body = apply.Json;
        Assert.Equal("helm.cattle.io/v1", (string?)body["apiVersion"]);
        Assert.Equal("HelmChart", (string?)body["kind"]);
        Assert.Equal("kube-system", (string?)body["metadata"]!["namespace"]);
        Assert.Equal(Node, (string?)body["metadata"]!["labels"]!["edgemano.node"]);
        Assert.Equal(Convert.ToBase64String(Archive), (string?)body["spec"]!["chartContent"]);
        Assert.Equal("iot", (string?)body["spec"]!["targetNamespace"]);
        Assert.Equal("replicaCount: 1\n", (string?)body["spec"]!["valuesContent"]);
        Assert.Null(body["spec"]!["chart"]);
        Assert.Equal(HelmReleasePhase.Deployed, status.Phase);
        Assert.Equal("install job helm-install-mosquitto succeeded", status.Detail);
        Assert.Contains("HelmChart (helm.cattle.io/v1)", status.Mechanism);
        Assert.Contains(Api.Requests, r => r.Method == "GET" && r.Path == "/apis/helm.cattle.io/v1");
    }

    [Fact]
    public async Task CrdServed_InstallFromRepository_ThenUninstall_DeletesTheHelmChart()
    {
        SimulateHelmController(jobSucceeds: false);
        var helm = new HelmReleases(Driver());

        var status = await helm.InstallOrUpgradeAsync("grafana", "monitoring",
            HelmChartSource.FromRepository("https://grafana.github.io/helm-charts", "grafana", "8.5.1"), "", CancellationToken.None);
        var spec = Assert.Single(Api.RequestsTo("PATCH", $"{HelmCharts}/grafana")).Json["spec"]!;
        Assert.Equal("grafana", (string?)spec["chart"]);
        Assert.Equal("https://grafana.github.io/helm-charts", (string?)spec["repo"]);
        Assert.Equal("8.5.1", (string?)spec["version"]);
        Assert.Null(spec["chartContent"]);
        Assert.Equal(HelmReleasePhase.Pending, status.Phase);

        await helm.UninstallAsync("grafana", "monitoring", CancellationToken.None);

        Assert.Single(Api.RequestsTo("DELETE", $"{HelmCharts}/grafana"));
        Assert.Equal(HelmReleasePhase.NotInstalled, (await helm.StatusAsync("grafana", "monitoring", CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task CrdServed_HelmChartNotOurs_IsNeitherChangedNorDeleted()
    {
        SimulateHelmController();
        Api.Store.Put(HelmCharts, new JsonObject
        {
            ["apiVersion"] = "helm.cattle.io/v1",
            ["kind"] = "HelmChart",
            ["metadata"] = new JsonObject { ["name"] = "traefik", ["namespace"] = "kube-system", ["labels"] = new JsonObject { ["objectset.rio.cattle.io/hash"] = "c2a3b4" } },
            ["spec"] = new JsonObject { ["chart"] = "https://%{KUBERNETES_API}%/static/charts/traefik-27.0.201+up27.0.2.tgz" },
        });
        var helm = new HelmReleases(Driver());

        var install = await Assert.ThrowsAsync<RuntimeException>(() =>
            helm.InstallOrUpgradeAsync("traefik", "kube-system", HelmChartSource.FromArchive(Archive), "", CancellationToken.None));
        var uninstall = await Assert.ThrowsAsync<RuntimeException>(() => helm.UninstallAsync("traefik", "kube-system", CancellationToken.None));

        Assert.Equal("kubernetes: cannot install Helm release traefik: HelmChart kube-system/traefik exists and is not managed by node node-a", install.Message);
        Assert.Contains("cannot uninstall Helm release traefik", uninstall.Message);
        Assert.Empty(Api.RequestsTo("PATCH", HelmCharts));
        Assert.Empty(Api.RequestsTo("DELETE", HelmCharts));
    }

    [Fact]
    public async Task NoCrd_HelmBinaryOnPath_RunsUpgradeInstall_StatusAndUninstall()
    {
        var bin = Directory.CreateDirectory(Path.Combine(Dir, "bin")).FullName;
        var helmScript = Path.Combine(bin, "helm");
        File.WriteAllText(helmScript, """
            #!/bin/sh
            # A stand-in for helm: records its arguments and the files they name, answers like helm 3.
            dir=$(dirname "$0")
            echo "$*" >> "$dir/calls.log"
            case "$1" in
              upgrade)
                prev=""; for a in "$@"; do [ "$prev" = "--values" ] && cp "$a" "$dir/values.seen"; prev="$a"; done
                cp "$4" "$dir/chart.seen"
                touch "$dir/installed"
                echo "Release \"$3\" does not exist. Installing it now."; exit 0 ;;
              status)
                if [ -f "$dir/installed" ]; then
                  echo '{"name":"'"$2"'","info":{"status":"deployed","description":"Install complete"},"version":1,"namespace":"iot"}'; exit 0
                fi
                echo "Error: release: not found" >&2; exit 1 ;;
              uninstall)
                if [ -f "$dir/installed" ]; then rm "$dir/installed"; echo "release \"$2\" uninstalled"; exit 0; fi
                echo "Error: uninstall: Release not loaded: $2: release: not found" >&2; exit 1 ;;
            esac
            echo "Error: unknown command \"$1\" for \"helm\"" >&2; exit 1
            """);
        File.SetUnixFileMode(helmScript, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var driver = Driver();
        var helm = new HelmReleases(driver, new HelmOptions { SearchPath = bin });

        var status = await helm.InstallOrUpgradeAsync("mosquitto", "iot", HelmChartSource.FromArchive(Archive), "replicaCount: 2\n", CancellationToken.None);
        await helm.UninstallAsync("mosquitto", "iot", CancellationToken.None);
        await helm.UninstallAsync("mosquitto", "iot", CancellationToken.None); // already gone: fine
        var after = await helm.StatusAsync("mosquitto", "iot", CancellationToken.None);

        Assert.Equal(HelmReleasePhase.Deployed, status.Phase);
        Assert.Equal($"helm binary {helmScript}", status.Mechanism);
        Assert.Equal(HelmReleasePhase.NotInstalled, after.Phase);
        Assert.Equal("replicaCount: 2\n", File.ReadAllText(Path.Combine(bin, "values.seen")));
        Assert.Equal(Archive, File.ReadAllBytes(Path.Combine(bin, "chart.seen")));
        var calls = File.ReadAllLines(Path.Combine(bin, "calls.log"));
        var kubeconfig = Path.Combine(Dir, "kubeconfig.yaml");
        Assert.Matches($@"^upgrade --install mosquitto /\S+/chart\.tgz --namespace iot --create-namespace --values /\S+/values\.yaml --kubeconfig {kubeconfig}$", calls[0]);
        Assert.Equal($"status mosquitto --namespace iot --output json --kubeconfig {kubeconfig}", calls[1]);
        Assert.Equal($"uninstall mosquitto --namespace iot --kubeconfig {kubeconfig}", calls[2]);
        Assert.Empty(Api.RequestsTo("PATCH", "/apis/helm.cattle.io"));
    }

    [Fact]
    public async Task NoCrd_HelmBinaryFails_ReportsItsError()
    {
        var bin = Directory.CreateDirectory(Path.Combine(Dir, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "helm"), "#!/bin/sh\necho 'Error: INSTALLATION FAILED: chart requires kubeVersion: >=1.32.0 which is incompatible with Kubernetes v1.31.4+k3s1' >&2\nexit 1\n");
        File.SetUnixFileMode(Path.Combine(bin, "helm"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var helm = new HelmReleases(Driver(), new HelmOptions { SearchPath = bin });

        var error = await Assert.ThrowsAsync<RuntimeException>(() =>
            helm.InstallOrUpgradeAsync("app", "default", HelmChartSource.FromRepository("", "oci://registry.local/app", "1.0.0"), "", CancellationToken.None));

        Assert.Equal("helm: upgrade --install app in default failed (exit 1): Error: INSTALLATION FAILED: chart requires kubeVersion: >=1.32.0 which is incompatible with Kubernetes v1.31.4+k3s1", error.Message);
    }

    [Fact]
    public async Task NeitherCrdNorBinary_ClearError()
    {
        var empty = Directory.CreateDirectory(Path.Combine(Dir, "empty")).FullName;
        var helm = new HelmReleases(Driver(), new HelmOptions { SearchPath = empty });

        var error = await Assert.ThrowsAsync<RuntimeException>(() =>
            helm.InstallOrUpgradeAsync("app", "default", HelmChartSource.FromArchive(Archive), "", CancellationToken.None));

        Assert.Equal("no way to install Helm charts on this cluster: k3s HelmChart CRD (helm.cattle.io/v1) not served and no helm binary on PATH", error.Message);
    }
}
