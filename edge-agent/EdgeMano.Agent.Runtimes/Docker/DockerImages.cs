using System.Net;
using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Runtimes.Docker;

/// <summary>Makes sure an image is on the node before a container is created from it: present, or pulled.</summary>
internal sealed class DockerImages(DockerEngineClient engine, TimeSpan pullTimeout, ILogger logger)
{
    public async Task EnsurePresentAsync(string image, CancellationToken cancellationToken)
    {
        var inspectOperation = $"inspect image {image}";
        var present = await engine.SendAsync(HttpMethod.Get, $"/images/{EscapePath(image)}/json", inspectOperation, cancellationToken);
        if (present.Is(HttpStatusCode.OK)) return;
        if (!present.Is(HttpStatusCode.NotFound)) throw engine.Failure(present, inspectOperation);

        DockerRuntimeLog.PullingImage(logger, image);
        var (repository, tag) = Split(image);
        string reason;
        try
        {
            var pulled = await engine.SendAsync(HttpMethod.Post,
                $"/images/create?fromImage={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}",
                $"pull image {image}", cancellationToken, timeout: pullTimeout);
            reason = pulled.Is(HttpStatusCode.OK)
                ? ProgressError(pulled.Body) ?? ""
                : DockerEngineClient.ErrorText(pulled);
        }
        catch (RuntimeException e)
        {
            reason = e.Message;
        }
        if (reason.Length == 0) return;
        throw new RuntimeException($"image {image} is not present on this node and could not be pulled: {reason}");
    }

    private static string? ProgressError(string body)
    {
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, DockerJsonContext.Default.ProgressLine)?.Error is { Length: > 0 } error) return error;
            }
            catch (JsonException) { }
        }
        return null;
    }

    private static string EscapePath(string reference) => string.Join('/', reference.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Splits a reference for the pull API, which pulls every tag when none is given.</summary>
    public static (string Repository, string Tag) Split(string image)
    {
        if (image.Contains('@')) return (image, ""); // a digest names exactly one image
        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        // A colon before the last slash belongs to a registry host:port, not a tag.
        return colon > lastSlash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
