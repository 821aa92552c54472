using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeMano.Agent.Core.Runtime;
using k8s.Autorest;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Api;

/// <summary>Turns client and transport failures into operator-readable errors: what, where, why.</summary>
internal static class KubernetesErrors
{
    public static RuntimeException FromResponse(HttpStatusCode code, string body, string operation)
    {
        var status = ParseStatus(body);
        var reason = status?.Reason is { Length: > 0 } r ? r : code.ToString();
        var text = new StringBuilder($"kubernetes: {operation} failed: {(int)code} {reason}");
        var message = status?.Message is { Length: > 0 } m ? m : Trim(body);
        if (message.Length > 0) text.Append(": ").Append(message);
        var causes = status?.Details?.Causes;
        if (causes is { Count: > 0 })
        {
            text.Append(" (causes: ");
            text.AppendJoin("; ", causes.Select(c => c.Field.Length > 0 ? $"{c.Field}: {c.Message}" : c.Message));
            text.Append(')');
        }
        return new RuntimeException(text.ToString());
    }

    /// <summary>Maps what the client or HttpClient threw; null for anything that is not a transport or API error.</summary>
    public static RuntimeException? FromException(Exception e, string operation, string server, TimeSpan timeout) => e switch
    {
        HttpOperationException http when http.Response is { } r => FromResponse(r.StatusCode, r.Content ?? "", operation),
        HttpRequestException http => new RuntimeException($"kubernetes: cannot reach {server} to {operation}: {Reason(http)}", e),
        TaskCanceledException or OperationCanceledException => new RuntimeException($"kubernetes: {server} did not answer {operation} within {timeout.TotalSeconds:0.#} s", e),
        IOException io => new RuntimeException($"kubernetes: connection to {server} broke during {operation}: {io.Message}", e),
        JsonException json => new RuntimeException($"kubernetes: {server} sent an unreadable answer to {operation}: {json.Message}", e),
        _ => null,
    };

    public static bool IsNotFound(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };

    public static ApiStatus? ParseStatus(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{') return null;
        try
        {
            return JsonSerializer.Deserialize(body, KubeJsonContext.Default.ApiStatus);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ApiStatus? ParseStatus(JsonElement element)
    {
        try
        {
            return element.Deserialize(KubeJsonContext.Default.ApiStatus);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Reason(HttpRequestException e) =>
        e.InnerException is SocketException s ? s.Message.ToLowerInvariant() : e.InnerException?.Message ?? e.Message;

    private static string Trim(string body)
    {
        var text = body.Trim();
        return text.Length > 300 ? text[..300] + "..." : text;
    }
}
