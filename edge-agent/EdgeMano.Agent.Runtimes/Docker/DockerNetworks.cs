using System.Net;
using System.Text.Json;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>
/// The networks (virtual links) workloads join. A network named in a spec is created when missing,
/// labelled as this node's; one that exists already is joined as is. Only networks this node
/// created are ever removed, and only once no container on the engine refers to them any more.
/// </summary>
internal sealed class DockerNetworks(DockerEngineClient engine, string nodeId, ILogger logger)
{
    /// <summary>Marks a network the driver created (containers carry <see cref="DockerNaming.ManagedLabel"/> alone).</summary>
    public const string OwnedLabel = "edgemano.owned";

    private static readonly DockerJsonContext Json = DockerJsonContext.Default;

    /// <summary>
    /// Creating a network and then a container on it is not atomic: between the two the network is
    /// unused. Cleanup waits while a container is being attached, so it never removes a network
    /// that is about to be used.
    /// </summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly string _ownedFilter = Filter(new()
    {
        ["label"] = [$"{DockerNaming.NodeLabel}={nodeId}", $"{OwnedLabel}=true"],
    });

    public async Task<T> WhileAttachingAsync<T>(Func<Task<T>> attach, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await attach();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The id of the network called <paramref name="name"/>, created (as this node's) when there is none.</summary>
    public async Task<string> EnsureAsync(string name, string workload, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken) is { } existing) return Joined(existing, workload);

        var operation = $"create network {name} for workload {workload}";
        var request = new NetworkCreateRequest
        {
            Name = name,
            Driver = "bridge",
            CheckDuplicate = true,
            Internal = false,
            Labels = new()
            {
                [DockerNaming.ManagedLabel] = "true",
                [OwnedLabel] = "true",
                [DockerNaming.NodeLabel] = nodeId,
            },
        };
        var created = await engine.SendAsync(HttpMethod.Post, "/networks/create", operation, cancellationToken,
            DockerEngineClient.Json(request, Json.NetworkCreateRequest));
        if (created.Is(HttpStatusCode.Created))
        {
            var id = engine.Read(created, Json.IdResponse, operation).Id;
            DockerRuntimeLog.NetworkCreated(logger, name, id, workload);
            return id;
        }
        // Made by someone else since we looked: join theirs.
        if (created.Is(HttpStatusCode.Conflict) && await FindAsync(name, cancellationToken) is { } raced) return Joined(raced, workload);
        throw engine.Failure(created, operation);
    }

    /// <summary>Joins a created container to one more network, with its aliases there.</summary>
    public async Task ConnectAsync(string containerId, string container, string networkId, NetworkAttachment attachment, CancellationToken cancellationToken)
    {
        var operation = $"connect container {container} to network {attachment.Name}";
        var request = new NetworkConnectRequest { Container = containerId, EndpointConfig = DockerContainerMapper.Endpoint(attachment) };
        var response = await engine.SendAsync(HttpMethod.Post, $"/networks/{networkId}/connect", operation, cancellationToken,
            DockerEngineClient.Json(request, Json.NetworkConnectRequest));
        if (!response.Is(HttpStatusCode.OK)) throw engine.Failure(response, operation);
    }

    /// <summary>
    /// Removes this node's networks that no container refers to. Best effort: the workload removal
    /// that triggers it has succeeded already, so a failure is logged and retried at the next one.
    /// </summary>
    public async Task RemoveUnusedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            const string operation = "list networks of this node";
            var (response, networks) = await engine.GetJsonAsync($"/networks?filters={_ownedFilter}", operation, Json.ListNetworkInspect, cancellationToken);
            if (networks is null) throw engine.Failure(response, operation);
            foreach (var network in networks)
            {
                // The engine filtered by label already; checking again guards the promise never to remove another's network.
                if (!IsOwned(network) || await IsUsedAsync(network, cancellationToken)) continue;
                await DeleteAsync(network, cancellationToken);
            }
        }
        catch (RuntimeException e)
        {
            DockerRuntimeLog.NetworkCleanupFailed(logger, nodeId, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NetworkInspect?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var operation = $"inspect network {name}";
        var (response, network) = await engine.GetJsonAsync($"/networks/{Uri.EscapeDataString(name)}", operation, Json.NetworkInspect, cancellationToken);
        // The engine also matches a prefix of another network's id: only the exact name counts.
        if (network is not null) return network.Name == name ? network : null;
        if (response.Is(HttpStatusCode.NotFound)) return null;
        throw engine.Failure(response, operation);
    }

    private string Joined(NetworkInspect network, string workload)
    {
        if (!IsOwned(network)) DockerRuntimeLog.ForeignNetworkJoined(logger, network.Name, network.Id, nodeId, workload);
        return network.Id;
    }

    /// <summary>
    /// Any container on the engine, in any state, ours or not. The network's own list of containers
    /// holds only running ones: a stopped container waiting for its restart would lose its network.
    /// A created container is known by the network's name only (its network id is set at start).
    /// </summary>
    private async Task<bool> IsUsedAsync(NetworkInspect network, CancellationToken cancellationToken)
    {
        var operation = $"list containers on network {network.Name}";
        var filter = Filter(new() { ["network"] = [network.Name, network.Id] });
        var (response, users) = await engine.GetJsonAsync($"/containers/json?all=true&filters={filter}", operation, Json.ListContainerSummary, cancellationToken);
        if (users is null) throw engine.Failure(response, operation);
        return users.Count > 0;
    }

    private async Task DeleteAsync(NetworkInspect network, CancellationToken cancellationToken)
    {
        var operation = $"remove network {network.Name}";
        var deleted = await engine.SendAsync(HttpMethod.Delete, $"/networks/{network.Id}", operation, cancellationToken);
        if (deleted.Is(HttpStatusCode.NoContent)) DockerRuntimeLog.NetworkRemoved(logger, network.Name, network.Id);
        // Gone already, or a container joined it in between (the engine refuses: active endpoints): both fine.
        else if (!deleted.Is(HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Conflict)) throw engine.Failure(deleted, operation);
    }

    private bool IsOwned(NetworkInspect network) =>
        DockerNaming.IsOwnedBy(network.Labels, nodeId) && network.Labels!.GetValueOrDefault(OwnedLabel) == "true";

    private static string Filter(Dictionary<string, string[]> filters) =>
        Uri.EscapeDataString(JsonSerializer.Serialize(filters, Json.DictionaryStringStringArray));
}
