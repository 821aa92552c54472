using Wire = EdgeMano.Proto.V1;

namespace EdgeMano.Agent.Uplink.Reporting;

/// <summary>One connected link's way to the plane, used by <see cref="ReportPump"/>.</summary>
internal interface IReportSink
{
    /// <summary>Returns once the plane (or broker) has the status; throws when the link failed.</summary>
    Task SendStatusAsync(Wire.NodeStatus status, CancellationToken cancellationToken);

    /// <summary>
    /// Sends events in order and returns how many of them, from the first, the plane (or broker) has
    /// stored; only those leave the outbox. Throws when the link failed.
    /// </summary>
    Task<int> SendEventsAsync(IReadOnlyList<Wire.Event> events, CancellationToken cancellationToken);
}

/// <summary>The link failed or the plane refused something the link cannot go on without.</summary>
internal sealed class LinkException(string message, Exception? inner = null) : Exception(message, inner);
