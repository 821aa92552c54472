using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

public sealed partial class FakeApiServer
{
    /// <summary>Exec commands seen, as pod name and argv.</summary>
    public List<(string Pod, string[] Command)> Execs { get; } = [];

    /// <summary>
    /// The kubelet's exec stream over v4.channel.k8s.io: each binary frame starts with its channel
    /// (1 stdout, 3 error/status). The command is not run: "exit N" (or "false") exits N, anything else 0.
    /// </summary>
    private async Task ExecAsync(HttpContext ctx)
    {
        var command = ctx.Request.Query["command"].Select(c => c ?? "").ToArray();
        var pod = ctx.Request.Path.Value!.Split('/')[^2];
        lock (Execs) Execs.Add((pod, command));
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync("v4.channel.k8s.io");
        var exit = command is ["false"] ? 1
            : command.Length > 0 && command[^1].StartsWith("exit ", StringComparison.Ordinal) ? int.Parse(command[^1][5..]) : 0;
        await Send(socket, 1, "output\n");
        var status = exit == 0
            ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }
            : new JsonObject
            {
                ["metadata"] = new JsonObject(),
                ["status"] = "Failure",
                ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {exit}",
                ["reason"] = "NonZeroExitCode",
                ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = exit.ToString(System.Globalization.CultureInfo.InvariantCulture) }) },
            };
        await Send(socket, 3, status.ToJsonString());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    private static Task Send(WebSocket socket, byte channel, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[payload.Length + 1];
        frame[0] = channel;
        payload.CopyTo(frame, 1);
        return socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
    }
}
