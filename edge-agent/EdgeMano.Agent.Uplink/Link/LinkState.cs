using EdgeMano.Agent.Uplink.Link;
using Microsoft.Extensions.Logging;

namespace EdgeMano.Agent.Uplink.Link;

/// <summary>
/// The link's state for `status` and its log: each change (connected, lost) is logged once; failed
/// attempts are logged for the first few, then only when the reason changes, so a node that is
/// offline for a week does not write a line a minute.
/// </summary>
internal sealed class LinkState(string kind, string endpoint, TimeProvider time, ILogger logger)
{
    /// <summary>Failed attempts logged one by one before the link goes quiet.</summary>
    public const int LoudAttempts = 3;

    private readonly Lock _gate = new();
    private LinkStatus _status = new(kind, endpoint, false, null, null);
    private int _failedAttempts;
    private string? _lastLoggedError;
    private DateTimeOffset? _downSince;

    public LinkStatus Status { get { lock (_gate) return _status; } }

    public void Connected(string detail)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var offline = _downSince is { } since ? now - since : (TimeSpan?)null;
            UplinkLog.Connected(logger, kind, endpoint, detail, _failedAttempts,
                offline is { } o ? $"{o.TotalSeconds:0.#} s" : "-");
            _status = _status with { Connected = true, Since = now, LastError = null };
            _failedAttempts = 0;
            _lastLoggedError = null;
            _downSince = null;
        }
    }

    public void Lost(string reason)
    {
        lock (_gate)
        {
            if (!_status.Connected) return;
            var now = time.GetUtcNow();
            UplinkLog.Lost(logger, kind, endpoint, reason);
            _status = _status with { Connected = false, Since = now, LastError = reason };
            _downSince = now;
        }
    }

    public void AttemptFailed(string reason, TimeSpan retryIn)
    {
        lock (_gate)
        {
            if (_status.Connected) Lost(reason);
            _downSince ??= time.GetUtcNow();
            _failedAttempts++;
            _status = _status with { LastError = reason };
            if (_failedAttempts <= LoudAttempts)
            {
                UplinkLog.AttemptFailed(logger, kind, endpoint, reason, _failedAttempts, retryIn.TotalSeconds);
                if (_failedAttempts == LoudAttempts) UplinkLog.GoingQuiet(logger, kind, endpoint);
                _lastLoggedError = reason;
            }
            else if (reason != _lastLoggedError)
            {
                UplinkLog.StillFailing(logger, kind, endpoint, reason, _failedAttempts);
                _lastLoggedError = reason;
            }
        }
    }
}
