using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Observe;

/// <summary>
/// List, then watch from the list's resourceVersion, for one resource and the node's label selector
/// (the reflector pattern of client-go). A watch that ends or drops is resumed from the last
/// resourceVersion seen; one the server no longer has (410 Gone, as an HTTP status or an ERROR
/// event) is replaced by a fresh list. Failures back off, doubling up to the configured maximum.
/// </summary>
internal sealed class ResourceWatch<T>(
    KubernetesApi api,
    ClusterCache cache,
    ObjectTable<T> table,
    string collectionPath,
    string selector,
    JsonTypeInfo<ObjectList<T>> listInfo,
    JsonTypeInfo<T> itemInfo,
    KubernetesRuntimeOptions options,
    TimeProvider time,
    ILogger logger) where T : class, IKubeObject
{
    /// <summary>Runs until cancelled. The caller registers the watch with the cache first (<see cref="ClusterCache.Register"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        var listed = false;
        var retry = options.WatchRetryMin;
        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await api.ListAsync(collectionPath, selector, listInfo, cancellationToken).ConfigureAwait(false);
                    // After a gap, the difference to what was known comes out as events (removals included).
                    cache.Mutate(() => table.Replace(list.Items), emit: listed);
                    resourceVersion = list.Metadata.ResourceVersion;
                    listed = true;
                    KubernetesRuntimeLog.Listed(logger, collectionPath, list.Items.Count, resourceVersion);
                }
                resourceVersion = await WatchOnceAsync(resourceVersion, () =>
                {
                    cache.MarkHealthy(this);
                    if (failing) KubernetesRuntimeLog.WatchRecovered(logger, collectionPath);
                    failing = false;
                    retry = options.WatchRetryMin;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RuntimeException e)
            {
                failing = true;
                cache.MarkBroken(this, e.Message);
                KubernetesRuntimeLog.WatchFailed(logger, collectionPath, e.Message, retry);
                try
                {
                    await Task.Delay(retry, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, options.WatchRetryMax.Ticks));
            }
        }
    }

    /// <summary>One watch request; returns the resourceVersion to resume from, or null to list again.</summary>
    private async Task<string?> WatchOnceAsync(string resourceVersion, Action connected, CancellationToken cancellationToken)
    {
        using var response = await api.OpenWatchAsync(collectionPath, selector, resourceVersion, options.WatchTimeout, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            KubernetesRuntimeLog.WatchExpired(logger, collectionPath, resourceVersion);
            return null;
        }
        connected();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // Dropped mid-stream (server restart, proxy timeout): resume at once from what was seen.
                KubernetesRuntimeLog.WatchEnded(logger, collectionPath, $"connection dropped: {e.Message}", resourceVersion);
                return resourceVersion;
            }
            if (line is null)
            {
                KubernetesRuntimeLog.WatchEnded(logger, collectionPath, "server closed the stream", resourceVersion);
                return resourceVersion;
            }
            if (line.Length == 0) continue;
            var next = Apply(line, resourceVersion);
            if (next is null)
            {
                KubernetesRuntimeLog.WatchExpired(logger, collectionPath, resourceVersion);
                return null;
            }
            resourceVersion = next;
        }
    }

    /// <summary>Applies one event to the cache; returns the new resourceVersion, or null on 410 Gone.</summary>
    private string? Apply(string line, string resourceVersion)
    {
        WatchEvent e;
        T? item;
        try
        {
            e = JsonSerializer.Deserialize(line, KubeJsonContext.Default.WatchEvent)
                ?? throw new JsonException("empty event");
            item = e.Type is "ADDED" or "MODIFIED" or "DELETED" or "BOOKMARK" ? e.Object.Deserialize(itemInfo) : null;
        }
        catch (JsonException ex)
        {
            throw new RuntimeException($"kubernetes: {api.Server} sent an unreadable watch event for {collectionPath}: {ex.Message}", ex);
        }
        switch (e.Type)
        {
            case "ADDED" or "MODIFIED" when item is not null:
                cache.Mutate(() => table.Upsert(item), emit: true);
                return item.Metadata.ResourceVersion;
            case "DELETED" when item is not null:
                cache.Mutate(() => table.Remove(item), emit: true);
                return item.Metadata.ResourceVersion;
            case "BOOKMARK" when item is not null:
                // Only the resourceVersion matters: progress without a change.
                return item.Metadata.ResourceVersion;
            case "ERROR":
                var status = KubernetesErrors.ParseStatus(e.Object);
                if (status?.Code == 410) return null;
                throw new RuntimeException($"kubernetes: watch of {collectionPath} on {api.Server} failed: {status?.Code} {status?.Reason}: {status?.Message}");
            default:
                return resourceVersion;
        }
    }
}
