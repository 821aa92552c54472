using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Helm;

/// <summary>
/// A helm binary on the node: <c>helm upgrade --install</c>, <c>helm uninstall</c>, <c>helm status -o json</c>,
/// pointed at the same kubeconfig and context as the driver (none in-cluster: helm finds the service account itself).
/// </summary>
internal sealed class HelmBinary(string helmPath, IProcessRunner runner, string kubeconfig, string context, TimeSpan timeout) : IHelmMechanism
{
    public string Description => $"helm binary {helmPath}";

    public async Task InstallOrUpgradeAsync(string name, string ns, HelmChartSource chart, string valuesYaml, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("edgemano-helm-");
        try
        {
            var values = Path.Combine(work.FullName, "values.yaml");
            await File.WriteAllTextAsync(values, valuesYaml, cancellationToken).ConfigureAwait(false);
            List<string> args = ["upgrade", "--install", name];
            if (chart.Archive is { } archive)
            {
                var file = Path.Combine(work.FullName, "chart.tgz");
                await File.WriteAllBytesAsync(file, archive, cancellationToken).ConfigureAwait(false);
                args.Add(file);
            }
            else
            {
                args.Add(chart.Chart);
                if (chart.Repository.Length > 0) args.AddRange(["--repo", chart.Repository]);
                if (chart.Version.Length > 0) args.AddRange(["--version", chart.Version]);
            }
            args.AddRange(["--namespace", ns, "--create-namespace", "--values", values]);
            var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0) throw Failure($"upgrade --install {name} in {ns}", result);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    public async Task UninstallAsync(string name, string ns, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["uninstall", name, "--namespace", ns], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !NotFound(result)) throw Failure($"uninstall {name} in {ns}", result);
    }

    public async Task<HelmReleaseStatus> StatusAsync(string name, string ns, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["status", name, "--namespace", ns, "--output", "json"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            if (NotFound(result)) return new(name, ns, HelmReleasePhase.NotInstalled, Description, "release not found");
            throw Failure($"status {name} in {ns}", result);
        }
        HelmStatusOutput? output;
        try
        {
            output = JsonSerializer.Deserialize(result.StandardOutput, KubeJsonContext.Default.HelmStatusOutput);
        }
        catch (JsonException e)
        {
            throw new RuntimeException($"helm: status {name} in {ns} printed no readable JSON: {e.Message}", e);
        }
        var status = output?.Info?.Status ?? "";
        var phase = status switch
        {
            "deployed" => HelmReleasePhase.Deployed,
            "failed" => HelmReleasePhase.Failed,
            "uninstalled" => HelmReleasePhase.NotInstalled,
            _ => HelmReleasePhase.Pending, // pending-install/upgrade/rollback, uninstalling
        };
        return new(name, ns, phase, Description, $"revision {output?.Version}: {status}: {output?.Info?.Description}");
    }

    private async Task<ProcessResult> RunAsync(List<string> args, CancellationToken cancellationToken)
    {
        if (kubeconfig.Length > 0) args.AddRange(["--kubeconfig", kubeconfig]);
        if (context.Length > 0) args.AddRange(["--kube-context", context]);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await runner.RunAsync(helmPath, args, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RuntimeException($"helm: {args[0]} {args[1]} did not finish within {timeout.TotalSeconds:0} s (killed)");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new RuntimeException($"helm: cannot run {helmPath}: {e.Message}", e);
        }
    }

    private static bool NotFound(ProcessResult result) => result.StandardError.Contains("not found", StringComparison.OrdinalIgnoreCase);

    private static RuntimeException Failure(string what, ProcessResult result)
    {
        var error = result.StandardError.Trim();
        if (error.Length > 500) error = error[..500] + "...";
        return new RuntimeException($"helm: {what} failed (exit {result.ExitCode}): {(error.Length > 0 ? error : result.StandardOutput.Trim())}");
    }
}
