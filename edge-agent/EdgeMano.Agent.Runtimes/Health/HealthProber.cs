using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Runtime;

namespace EdgeMano.Agent.Runtimes.Health;

/// <summary>
/// Runs http, tcp and exec probes against one instance, bounded by the probe's timeout. A failed
/// probe is a result (Healthy=false with a short reason), never an exception; only the caller's
/// own cancellation propagates.
/// </summary>
public sealed class HealthProber : IHealthProber, IDisposable
{
    private static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(2);
    private const string Loopback = "127.0.0.1";

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public HealthProber(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        // No redirects (a 3xx is itself a healthy answer), never a proxy from the environment, no cookies.
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<ProbeResult> ProbeAsync(HealthProbeSpec probe, ObservedWorkload instance, IWorkloadRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(runtime);
        var timeout = probe.Timeout > TimeSpan.Zero ? probe.Timeout : FallbackTimeout;
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var kind = probe.Kind.ToString().ToLowerInvariant();
        try
        {
            return probe.Kind switch
            {
                ProbeKind.Http => await ProbeHttpAsync(probe, HostPort(probe, instance), linked.Token).ConfigureAwait(false),
                ProbeKind.Tcp => await ProbeTcpAsync(HostPort(probe, instance), linked.Token).ConfigureAwait(false),
                ProbeKind.Exec => await ProbeExecAsync(probe, instance, runtime, timeout, linked.Token).ConfigureAwait(false),
                _ => new ProbeResult(false, $"unknown probe kind {probe.Kind}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, $"{kind} probe timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s");
        }
        catch (InvalidPortException e)
        {
            return new ProbeResult(false, e.Message);
        }
        catch (RuntimeException e)
        {
            return new ProbeResult(false, e.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The published host port for the probe's port, or the port itself when nothing maps it (processes).</summary>
    private static int HostPort(HealthProbeSpec probe, ObservedWorkload instance)
    {
        var port = instance.HostPorts.TryGetValue(probe.Port, out var mapped) ? mapped : probe.Port;
        if (port is <= 0 or > 65535) throw new InvalidPortException($"probe port {probe.Port} is not a valid port (resolved to {port})");
        return port;
    }

    private async Task<ProbeResult> ProbeHttpAsync(HealthProbeSpec probe, int port, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrEmpty(probe.Path) ? "/" : probe.Path.StartsWith('/') ? probe.Path : "/" + probe.Path;
        var target = $"{Loopback}:{port.ToString(CultureInfo.InvariantCulture)}{path}";
        if (!Uri.TryCreate("http://" + target, UriKind.Absolute, out var uri)) return new ProbeResult(false, $"http probe path '{probe.Path}' is not a valid URL path");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.ConnectionClose = true; // a fresh connection each time, so a restarted workload is seen as it is now
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return new ProbeResult(code is >= 200 and < 400, $"http {code.ToString(CultureInfo.InvariantCulture)} from {target}");
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, $"http: {Describe(e)} ({target})");
        }
    }

    private static async Task<ProbeResult> ProbeTcpAsync(int port, CancellationToken cancellationToken)
    {
        var target = $"{Loopback}:{port.ToString(CultureInfo.InvariantCulture)}";
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return new ProbeResult(true, $"tcp {target} open");
        }
        catch (SocketException e)
        {
            return new ProbeResult(false, $"tcp: {Describe(e)} ({target})");
        }
    }

    private static async Task<ProbeResult> ProbeExecAsync(HealthProbeSpec probe, ObservedWorkload instance, IWorkloadRuntime runtime,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (probe.Command.Count == 0) return new ProbeResult(false, "exec probe has no command");
        var code = await runtime.ExecAsync(instance, probe.Command, timeout, cancellationToken).ConfigureAwait(false);
        return new ProbeResult(code == 0, $"exec {probe.Command[0]} exited {code.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException s ? Describe(s) : e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "cannot connect",
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded => "invalid or truncated response",
            _ => e.Message,
        };

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        _ => e.Message,
    };

    private sealed class InvalidPortException(string message) : Exception(message);
}
