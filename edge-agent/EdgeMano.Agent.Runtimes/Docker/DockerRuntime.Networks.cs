using System.Net;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>Creating the container: on its single network, or joined to the networks (virtual links) of its spec.</summary>
public sealed partial class DockerRuntime
{
    private async Task<string> CreateContainerAsync(WorkloadSpec spec, string specHash, string name, CancellationToken cancellationToken)
    {
        var request = DockerContainerMapper.ToCreateRequest(spec, specHash, _options.NodeId, _options.StopGrace);
        var operation = $"create container {name} from {spec.Image}";
        var created = await _engine.SendAsync(HttpMethod.Post, $"/containers/create?name={Uri.EscapeDataString(name)}", operation,
            cancellationToken, DockerEngineClient.Json(request, Json.CreateContainerRequest));
        if (!created.Is(HttpStatusCode.Created)) throw _engine.Failure(created, operation);
        return _engine.Read(created, Json.IdResponse, operation).Id;
    }

    /// <summary>
    /// Makes sure every network exists, creates the container on the first (API 1.41 takes one at
    /// create) and connects it to the others with their aliases, all before it starts, so the
    /// workload's first packet already has every link. A container that cannot join them all is removed.
    /// </summary>
    private async Task<string> CreateOnNetworksAsync(WorkloadSpec spec, string specHash, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _networks.WhileAttachingAsync(async () =>
            {
                var networkIds = new List<string>(spec.Networks.Count);
                foreach (var attachment in spec.Networks)
                    networkIds.Add(await _networks.EnsureAsync(attachment.Name, spec.Name, cancellationToken));
                var id = await CreateContainerAsync(spec, specHash, name, cancellationToken);
                try
                {
                    for (var i = 1; i < spec.Networks.Count; i++)
                        await _networks.ConnectAsync(id, name, networkIds[i], spec.Networks[i], cancellationToken);
                }
                catch
                {
                    await DeleteAsync(id, CancellationToken.None);
                    throw;
                }
                return id;
            }, cancellationToken);
        }
        catch (RuntimeException)
        {
            // Networks made for a container that never came to be are not left behind.
            await _networks.RemoveUnusedAsync(CancellationToken.None);
            throw;
        }
    }
}
