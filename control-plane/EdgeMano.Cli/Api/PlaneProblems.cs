using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeMano.Cli.Api;

/// <summary>Turns the plane's answers into typed data, or its error statuses into operator messages.</summary>
internal static class PlaneProblems
{
    /// <summary>Throws the operator message for a failed answer; <paramref name="notFound"/> words a 404 ("node 'x'").</summary>
    public static void EnsureSuccess(PlaneAnswer answer, string notFound)
    {
        if (!answer.IsSuccess) throw ToException(answer, notFound);
    }

    /// <summary>
    /// For verbs whose 404 and 409 come in several kinds (no rollout yet, an unknown generation, a
    /// rollout that is not paused): the plane's detail says which, so it becomes the message. A 404
    /// without one reads "{notFound} not found"; a 409 is "{refused}: why" (e.g. "cannot pause ...").
    /// </summary>
    public static void EnsureSuccess(PlaneAnswer answer, string notFound, string refused)
    {
        if (answer.IsSuccess) return;
        var problem = TryRead(answer);
        var detail = problem?.Detail?.Trim() ?? "";
        if (answer.Status == 404) throw CliException.Failure(detail.Length > 0 ? detail : $"{notFound} not found");
        if (answer.Status == 409) throw CliException.Failure($"{refused}: {(detail.Length > 0 ? detail : Summary(answer, problem))}");
        throw ToException(answer, notFound);
    }

    public static CliException ToException(PlaneAnswer answer, string notFound)
    {
        var problem = TryRead(answer);
        if (answer.Status == 404) return CliException.Failure($"{notFound} not found");
        if (IsRefusedInput(answer.Status))
        {
            var b = new StringBuilder($"the plane refused the request ({answer.Status} {answer.Reason}): {Summary(answer, problem)}");
            foreach (var error in problem?.Errors ?? []) b.Append($"\n  {error.Path}: {error.Message}");
            return CliException.BadInput(b.ToString());
        }
        return answer.Status >= 500
            ? CliException.Failure($"the plane failed ({answer.Status} {answer.Reason}): {Summary(answer, problem)}")
            : CliException.Failure($"the plane answered {answer.Status} {answer.Reason}: {Summary(answer, problem)}");
    }

    /// <summary>Input the plane refused as such (invalid, too large, wrong type): bad input, exit 2.</summary>
    public static bool IsRefusedInput(int status) => status is 400 or 413 or 415 or 422;

    /// <summary>The problem's title and detail; without a problem body, the start of whatever came.</summary>
    public static string Summary(PlaneAnswer answer, ProblemDto? problem)
    {
        var title = problem?.Title?.Trim() ?? "";
        var detail = problem?.Detail?.Trim() ?? "";
        if (title.Length > 0 && detail.Length > 0) return $"{title}: {detail}";
        if (title.Length + detail.Length > 0) return title + detail;
        var text = Encoding.UTF8.GetString(answer.Body).Trim();
        if (text.Length == 0) return "no details given";
        text = text.ReplaceLineEndings(" ");
        return text.Length > 200 ? text[..200] + "..." : text;
    }

    public static ProblemDto? TryRead(PlaneAnswer answer)
    {
        if (answer.Body.Length == 0 || answer.MediaType is not { } type || !type.Contains("json", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            return JsonSerializer.Deserialize(answer.Body, CliJsonContext.Default.ProblemDto);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The answer as <typeparamref name="T"/>, or a message naming the plane and the request.</summary>
    public static T Read<T>(PlaneAnswer answer, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(answer.Body, type)
                ?? throw CliException.Failure($"the plane answered {what} with null");
        }
        catch (JsonException ex)
        {
            throw CliException.Failure($"the plane's answer to {what} is not the JSON this CLI expects: {ex.Message}");
        }
    }
}
