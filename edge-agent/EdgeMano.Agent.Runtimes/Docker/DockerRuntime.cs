using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>
/// Runs container workloads on the local Docker engine through its API (v1.41, unix socket).
/// Every container it creates carries this node's labels; it lists, starts, execs into and removes
/// only containers labelled with this node, and leaves everything else on the engine alone.
/// </summary>
public sealed partial class DockerRuntime : IWorkloadRuntime, IDisposable
{
    public const string RuntimeName = "docker";

    private static readonly DockerJsonContext Json = DockerJsonContext.Default;

    private readonly DockerRuntimeOptions _options;
    private readonly DockerEngineClient _engine;
    private readonly DockerImages _images;
    private readonly DockerNetworks _networks;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    /// <summary>Engine paths with this node's label filter, built once (the list runs on every reconcile).</summary>
    private readonly string _listPath;
    private readonly string _eventsPath;

    public DockerRuntime(DockerRuntimeOptions options, ILogger<DockerRuntime>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.NodeId)) throw new ArgumentException("DockerRuntimeOptions.NodeId is required", nameof(options));
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _engine = new DockerEngineClient(options.SocketPath, options.RequestTimeout, _time);
        _images = new DockerImages(_engine, options.PullTimeout, _logger);
        _networks = new DockerNetworks(_engine, options.NodeId, _logger);
        _listPath = $"/containers/json?all=true&filters={NodeFilter()}";
        _eventsPath = $"/events?filters={NodeFilter(containerEventsOnly: true)}";
    }

    public string Name => RuntimeName;

    public bool Handles(WorkloadKind kind) => kind == WorkloadKind.Container;

    public async Task<IReadOnlyList<ObservedWorkload>> ListAsync(CancellationToken cancellationToken)
    {
        const string operation = "list containers";
        var (response, summaries) = await _engine.GetJsonAsync(_listPath, operation, Json.ListContainerSummary, cancellationToken);
        if (summaries is null) throw _engine.Failure(response, operation);
        var observed = new List<ObservedWorkload>(summaries.Count);
        foreach (var summary in summaries)
        {
            // The engine filtered by label already; checking again costs nothing and guards the promise.
            if (!DockerNaming.IsOwnedBy(summary.Labels, _options.NodeId)) continue;
            // List lacks exit code and times; a container removed in between is simply not there.
            if (await InspectAsync(summary.Id, cancellationToken) is { } container
                && DockerContainerMapper.ToObserved(container, Name) is { } workload)
                observed.Add(workload);
        }
        return observed;
    }

    public async Task<ObservedWorkload> CreateAsync(WorkloadSpec spec, string specHash, CancellationToken cancellationToken)
    {
        if (!Handles(spec.Kind)) throw new RuntimeException($"docker: workload {spec.Name} is of kind {spec.Kind}, not a container");
        if (string.IsNullOrWhiteSpace(spec.Image)) throw new RuntimeException($"docker: workload {spec.Name} names no image");
        var name = DockerNaming.ContainerName(_options.NodeId, spec.Name);

        await _images.EnsurePresentAsync(spec.Image, cancellationToken);
        await RemoveStaleAsync(name, spec.Name, cancellationToken);

        var id = spec.Networks.Count > 0
            ? await CreateOnNetworksAsync(spec, specHash, name, cancellationToken)
            : await CreateContainerAsync(spec, specHash, name, cancellationToken);

        var startOperation = $"start container {name}";
        var started = await _engine.SendAsync(HttpMethod.Post, $"/containers/{id}/start", startOperation, cancellationToken);
        if (!started.Is(HttpStatusCode.NoContent, HttpStatusCode.NotModified))
        {
            // A container that could not start (port taken, bad mount) is not left behind half-made.
            await DeleteAsync(id, CancellationToken.None);
            if (spec.Networks.Count > 0) await _networks.RemoveUnusedAsync(CancellationToken.None);
            throw _engine.Failure(started, startOperation);
        }
        DockerRuntimeLog.ContainerCreated(_logger, name, id, spec.Name);

        var container = await InspectAsync(id, cancellationToken)
            ?? throw new RuntimeException($"docker: container {name} ({Short(id)}) disappeared right after it was started");
        return DockerContainerMapper.ToObserved(container, Name)
            ?? throw new RuntimeException($"docker: container {name} ({Short(id)}) lost its labels");
    }

    public async Task StartAsync(ObservedWorkload instance, CancellationToken cancellationToken)
    {
        var operation = $"start container of {instance.Name} ({Short(instance.RuntimeId)})";
        _ = await RequireOwnedAsync(instance, operation, cancellationToken)
            ?? throw new RuntimeException($"docker: {operation} failed: the container no longer exists");
        var response = await _engine.SendAsync(HttpMethod.Post, $"/containers/{instance.RuntimeId}/start", operation, cancellationToken);
        if (!response.Is(HttpStatusCode.NoContent, HttpStatusCode.NotModified)) throw _engine.Failure(response, operation);
    }

    public async Task RemoveAsync(ObservedWorkload instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        var operation = $"remove container of {instance.Name} ({Short(instance.RuntimeId)})";
        // Null: already gone. Either way a network it was the last user of goes too.
        if (await RequireOwnedAsync(instance, operation, cancellationToken) is not null)
            await StopAndDeleteAsync(instance.RuntimeId, grace, cancellationToken);
        await _networks.RemoveUnusedAsync(cancellationToken);
    }

    public async Task<int> ExecAsync(ObservedWorkload instance, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var operation = $"exec in container of {instance.Name} ({Short(instance.RuntimeId)})";
        // The timeout bounds the whole call, the ownership check included: a probe must never hang.
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            _ = await RequireOwnedAsync(instance, operation, linked.Token)
                ?? throw new RuntimeException($"docker: {operation} failed: the container no longer exists");
            var created = await _engine.SendAsync(HttpMethod.Post, $"/containers/{instance.RuntimeId}/exec", operation, linked.Token,
                DockerEngineClient.Json(new ExecCreateRequest { Cmd = [.. command] }, Json.ExecCreateRequest));
            if (!created.Is(HttpStatusCode.Created)) throw _engine.Failure(created, operation);
            var execId = _engine.Read(created, Json.IdResponse, operation).Id;

            var started = await _engine.SendAsync(HttpMethod.Post, $"/exec/{execId}/start", operation, linked.Token,
                DockerEngineClient.Json(new ExecStartRequest { Detach = true }, Json.ExecStartRequest));
            if (!started.Is(HttpStatusCode.OK))
            {
                // A command that cannot start (not found, not executable) has an exit code like
                // `docker exec` gives (126/127): a failed probe, not a driver error.
                return (await InspectExecAsync(execId, operation, linked.Token)).ExitCode ?? throw _engine.Failure(started, operation);
            }

            var pause = TimeSpan.FromMilliseconds(20);
            while (true)
            {
                // Right after a detached start the exec may not have begun yet: wait for a real exit code.
                if (await InspectExecAsync(execId, operation, linked.Token) is { Running: false, ExitCode: { } exitCode }) return exitCode;
                await Task.Delay(pause, _time, linked.Token);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(250).Ticks));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            DockerRuntimeLog.ExecTimedOut(_logger, instance.RuntimeId, timeout);
            return -1;
        }
    }

    private async Task<ExecInspect> InspectExecAsync(string execId, string operation, CancellationToken cancellationToken)
    {
        var (response, inspected) = await _engine.GetJsonAsync($"/exec/{execId}/json", operation, Json.ExecInspect, cancellationToken);
        return inspected ?? throw _engine.Failure(response, operation);
    }

    public async IAsyncEnumerable<RuntimeEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await OpenEventStreamAsync(cancellationToken);
        if (response is null) yield break;
        // The body is already a live stream (headers-read): getting it does not wait.
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(CancellationToken.None));
        while (await ReadEventLineAsync(reader, cancellationToken) is { } line)
            if (DockerEventMapper.ToRuntimeEvent(line, _options.NodeId) is { } runtimeEvent)
                yield return runtimeEvent;
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>Null when cancelled before the stream opened.</summary>
    private async Task<HttpResponseMessage?> OpenEventStreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _engine.OpenStreamAsync(_eventsPath, "watch container events", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Null when the stream ends, is cancelled or breaks: the caller resubscribes.</summary>
    private async Task<string?> ReadEventLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            var line = await reader.ReadLineAsync(cancellationToken);
            if (line is null) DockerRuntimeLog.EventStreamLost(_logger, _engine.Endpoint, "the engine closed it");
            return line;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            DockerRuntimeLog.EventStreamLost(_logger, _engine.Endpoint, e.Message);
            return null;
        }
    }

    /// <summary>A container with our name left by a crash mid-recreate is removed; anyone else's is refused.</summary>
    private async Task RemoveStaleAsync(string name, string workload, CancellationToken cancellationToken)
    {
        if (await InspectAsync(name, cancellationToken) is not { } existing) return;
        var labels = existing.Config?.Labels;
        if (!DockerNaming.IsOwnedBy(labels, _options.NodeId))
            throw new RuntimeException($"docker: cannot create container {name}: a container with that name exists and is not managed by node {_options.NodeId}; remove or rename it");
        if (labels!.GetValueOrDefault(DockerNaming.WorkloadLabel) != workload)
            throw new RuntimeException($"docker: cannot create container {name}: the name is taken by workload {labels!.GetValueOrDefault(DockerNaming.WorkloadLabel)}");
        DockerRuntimeLog.RemovingStaleContainer(_logger, name, existing.Id, workload);
        await StopAndDeleteAsync(existing.Id, _options.StopGrace, cancellationToken);
    }

    private async Task StopAndDeleteAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(Math.Max(0, grace.TotalSeconds));
        var stopOperation = $"stop container {Short(id)}";
        var stopped = await _engine.SendAsync(HttpMethod.Post, $"/containers/{id}/stop?t={seconds}", stopOperation, cancellationToken,
            timeout: TimeSpan.FromSeconds(seconds) + _options.RequestTimeout);
        if (!stopped.Is(HttpStatusCode.NoContent, HttpStatusCode.NotModified, HttpStatusCode.NotFound))
            throw _engine.Failure(stopped, stopOperation);
        await DeleteAsync(id, cancellationToken);
    }

    private async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var operation = $"delete container {Short(id)}";
        var deleted = await _engine.SendAsync(HttpMethod.Delete, $"/containers/{id}?force=true&v=true", operation, cancellationToken);
        if (deleted.Is(HttpStatusCode.NoContent, HttpStatusCode.NotFound)) return;
        // Someone (the engine itself, or a concurrent remove) is already deleting it: the outcome is the same.
        if (deleted.Is(HttpStatusCode.Conflict) && deleted.Body.Contains("already in progress", StringComparison.Ordinal)) return;
        throw _engine.Failure(deleted, operation);
    }

    private async Task<ContainerInspect?> InspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        var operation = $"inspect container {Short(idOrName)}";
        var (response, container) = await _engine.GetJsonAsync($"/containers/{Uri.EscapeDataString(idOrName)}/json", operation, Json.ContainerInspect, cancellationToken);
        if (container is not null) return container;
        if (response.Is(HttpStatusCode.NotFound)) return null;
        throw _engine.Failure(response, operation);
    }

    /// <summary>Null when the container is gone; throws when it exists but is not this node's.</summary>
    private async Task<ContainerInspect?> RequireOwnedAsync(ObservedWorkload instance, string operation, CancellationToken cancellationToken)
    {
        var container = await InspectAsync(instance.RuntimeId, cancellationToken);
        if (container is not null && !DockerNaming.IsOwnedBy(container.Config?.Labels, _options.NodeId))
            throw new RuntimeException($"docker: {operation} refused: the container is not managed by node {_options.NodeId}");
        return container;
    }

    private string NodeFilter(bool containerEventsOnly = false)
    {
        var filters = new Dictionary<string, string[]> { ["label"] = [$"{DockerNaming.NodeLabel}={_options.NodeId}"] };
        if (containerEventsOnly) filters["type"] = ["container"];
        return Uri.EscapeDataString(JsonSerializer.Serialize(filters, Json.DictionaryStringStringArray));
    }

    private static string Short(string id) => id.Length == 64 ? id[..12] : id;
}
