using System.Text.Json.Nodes;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

/// <summary>Recorded object shapes (Fixtures/*.json), with names and labels filled in per test.</summary>
public static class Fixtures
{
    public static string Text(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file));

    public static JsonObject Load(string file) => JsonNode.Parse(Text(file))!.AsObject();

    /// <summary>A Status body like the API server's, from the recorded one for that code when there is one.</summary>
    public static JsonObject Status(int code, string reason, string message)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", $"status-{code}-{reason.ToLowerInvariant()}.json");
        var status = File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file))!.AsObject()
            : new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["code"] = code };
        status["reason"] = reason;
        status["message"] = message;
        return status;
    }

    /// <summary>A recorded Status body with the object's name put in.</summary>
    public static string StatusFor(string file, string name) => Text(file).Replace("REPLACED", name, StringComparison.Ordinal);

    /// <summary>A pod of a workload: the recorded pod with its name and the labels the controller copies from the template.</summary>
    public static JsonObject Pod(string file, string podName, JsonObject templateLabels)
    {
        var pod = JsonNode.Parse(Text(file).Replace("REPLACED", podName, StringComparison.Ordinal))!.AsObject();
        pod["metadata"]!["name"] = podName;
        pod["metadata"]!["labels"] = templateLabels.DeepClone();
        pod["metadata"]!["uid"] = Guid.NewGuid().ToString();
        return pod;
    }

    public static JsonObject Named(string file, string name) =>
        JsonNode.Parse(Text(file).Replace("REPLACED", name, StringComparison.Ordinal))!.AsObject();
}
