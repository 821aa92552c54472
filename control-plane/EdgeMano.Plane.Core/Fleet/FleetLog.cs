using Microsoft.Extensions.Logging;

namespace EdgeMano.Plane.Core.Fleet;

/// <summary>Fleet controller log lines (event ids 5000-5099).</summary>
internal static partial class FleetLog
{
    [LoggerMessage(5000, LogLevel.Warning, "Deployment {Deployment}: {Shortfall}", EventName = "CannotPlace")]
    public static partial void CannotPlace(ILogger logger, string deployment, string shortfall);

    [LoggerMessage(5001, LogLevel.Information, "Deployment {Deployment}: placed on all {Nodes} node(s) it wants", EventName = "FullyPlaced")]
    public static partial void FullyPlaced(ILogger logger, string deployment, int nodes);
}
