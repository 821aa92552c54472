using System.Net;
using System.Text.Json.Serialization.Metadata;
using EdgeMano.Agent.Core.Runtime;
using EdgeMano.Agent.Runtimes.Kubernetes.Config;
using k8s;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Api;

/// <summary>
/// The one door to the API server. Typed calls go through the KubernetesClient; lists and watches
/// are sent over the client's own HttpClient and credentials (kubeconfig TLS, tokens, exec plugins),
/// because the AOT client has no watch support and its JSON context is internal.
/// Every failure comes out as a <see cref="RuntimeException"/> naming the operation and the server.
/// </summary>
internal sealed class KubernetesApi : IDisposable
{
    private readonly k8s.Kubernetes _client;
    private readonly TimeSpan _timeout;

    public KubernetesApi(ResolvedConfig config, TimeSpan requestTimeout)
    {
        Config = config;
        Server = config.Configuration.Host?.TrimEnd('/') ?? "(no server in configuration)";
        _timeout = requestTimeout;
        _client = new k8s.Kubernetes(config.Configuration);
    }

    public ResolvedConfig Config { get; }

    /// <summary>The API server's URL, named in every transport error.</summary>
    public string Server { get; }

    public IKubernetes Client => _client;

    /// <summary>A typed client call, bounded by the request timeout, its failures mapped to operator errors.</summary>
    public async Task<T> CallAsync<T>(string operation, Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            return await call(_client, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && KubernetesErrors.FromException(e, operation, Server, _timeout) is { } error)
        {
            throw error;
        }
    }

    /// <summary>Like <see cref="CallAsync{T}"/>, but a 404 is an answer (null), not an error.</summary>
    public async Task<T?> ReadAsync<T>(string operation, Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await CallAsync(operation, async (c, ct) =>
            {
                try
                {
                    return await call(c, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (KubernetesErrors.IsNotFound(e))
                {
                    return null;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>GET a collection with a label selector: the start of every list-then-watch.</summary>
    public async Task<ObjectList<T>> ListAsync<T>(string collectionPath, string selector, JsonTypeInfo<ObjectList<T>> typeInfo, CancellationToken cancellationToken)
    {
        var operation = $"list {collectionPath}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await SendAsync($"{collectionPath}?labelSelector={Uri.EscapeDataString(selector)}", deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw KubernetesErrors.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false), operation);
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            return await System.Text.Json.JsonSerializer.DeserializeAsync(body, typeInfo, deadline.Token).ConfigureAwait(false)
                ?? throw new RuntimeException($"kubernetes: {Server} answered {operation} with an empty body");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && KubernetesErrors.FromException(e, operation, Server, _timeout) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// Opens a watch from <paramref name="resourceVersion"/>; the response streams one JSON event per
    /// line. Null when the server answers 410 Gone: that version is compacted away, list again.
    /// </summary>
    public async Task<HttpResponseMessage?> OpenWatchAsync(string collectionPath, string selector, string resourceVersion, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        var operation = $"watch {collectionPath}";
        var query = $"?labelSelector={Uri.EscapeDataString(selector)}&watch=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}"
            + $"&allowWatchBookmarks=true&timeoutSeconds={(int)Math.Max(1, serverTimeout.TotalSeconds)}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            // Only the headers are bounded by the request timeout; the body lives as long as the watch.
            var response = await SendAsync(collectionPath + query, deadline.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return response;
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Gone) return null;
                throw KubernetesErrors.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false), operation);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && KubernetesErrors.FromException(e, operation, Server, _timeout) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// Runs a command in a pod's container over the exec websocket (v4.channel.k8s.io); returns its
    /// exit code, read from the Status the server sends on the error channel.
    /// </summary>
    public async Task<int> ExecAsync(string pod, string ns, string container, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var operation = $"exec in pod {ns}/{pod}";
        try
        {
            return await _client.NamespacedPodExecAsync(pod, ns, container, command, tty: false,
                static async (stdin, stdout, stderr) =>
                {
                    // Probes need only the exit code; the output is drained so the command never blocks on it.
                    stdin.Dispose();
                    await Task.WhenAll(stdout.CopyToAsync(Stream.Null), stderr.CopyToAsync(Stream.Null)).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && KubernetesErrors.FromException(e, operation, Server, _timeout) is { } error)
        {
            throw error;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is k8s.KubernetesException or System.Net.WebSockets.WebSocketException)
        {
            throw new RuntimeException($"kubernetes: {operation} on {Server} failed: {e.Message}", e);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        // Relative to BaseUri (which ends in '/'), so a server URL with a path prefix (a proxy) keeps it.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, pathAndQuery.TrimStart('/')));
        if (_client.Credentials is { } credentials) await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        return await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }
}
