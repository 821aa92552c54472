using System.Globalization;
using EdgeMano.Agent.Core.Model;

namespace EdgeMano.Plane.Core.Rollouts;

/// <summary>
/// A rollout being changed by one transition: mutable copies of what may change, turned back
/// into an immutable <see cref="Rollout"/> (and the decision) at the end. Only the waves touched
/// are copied, so observing a 10,000-node rollout does not rebuild every wave.
/// </summary>
internal sealed class RolloutDraft(Rollout original, DateTimeOffset now)
{
    private readonly RolloutWave[] _waves = original.Waves.ToArray();
    private readonly List<RolloutEvent> _events = [];
    private readonly List<string> _toTarget = [];
    private readonly List<string> _toSource = [];

    public Rollout Original { get; } = original;
    public DateTimeOffset Now { get; } = now;
    public RolloutSpec Spec => Original.Spec;
    public RolloutState State { get; set; } = original.State;
    public string Reason { get; set; } = original.Reason;
    public int CurrentWave { get; set; } = original.CurrentWave;
    public DateTimeOffset? RollbackStartedAt { get; set; } = original.RollbackStartedAt;
    public DateTimeOffset? FinishedAt { get; set; } = original.FinishedAt;

    public int WaveCount => _waves.Length;

    public RolloutWave Wave(int index) => _waves[index];

    public void SetWave(int index, RolloutWave wave) => _waves[index] = wave;

    public void Log(string message) => _events.Add(new RolloutEvent(Now, message));

    public void SendToTarget(string node) => _toTarget.Add(node);

    public void SendToSource(string node) => _toSource.Add(node);

    public void Finish(RolloutState state, string reason)
    {
        State = state;
        Reason = reason;
        FinishedAt = Now;
        Log(reason);
    }

    public RolloutStep Step() => new(Build(), _toTarget.Count == 0 && _toSource.Count == 0
        ? RolloutDecision.None
        : new RolloutDecision(new ValueList<string>(_toTarget), new ValueList<string>(_toSource)));

    private Rollout Build() => Original with
    {
        State = State,
        Reason = Reason,
        CurrentWave = CurrentWave,
        Waves = new ValueList<RolloutWave>(_waves),
        RollbackStartedAt = RollbackStartedAt,
        FinishedAt = FinishedAt,
        UpdatedAt = Now,
        History = _events.Count == 0 ? Original.History : new ValueList<RolloutEvent>(Original.History.Concat(_events)),
    };
}

/// <summary>Operator wording shared by the rollout transitions.</summary>
internal static class RolloutText
{
    /// <summary>How many failing nodes a reason names before "and N more".</summary>
    public const int Listed = 5;

    /// <summary>"5m", "90s" → "1m30s", "1h": short, as in the spec the operator wrote.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1)) return span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
        var text = "";
        if (span.Hours + span.Days * 24 > 0) text += $"{span.Hours + span.Days * 24}h";
        if (span.Minutes > 0) text += $"{span.Minutes}m";
        if (span.Seconds > 0) text += $"{span.Seconds}s";
        return text;
    }

    public static string Nodes(IReadOnlyList<NodeStep> steps)
    {
        var named = string.Join("; ", steps.Take(Listed).Select(s => $"{s.Node}: {s.Reason}"));
        return steps.Count > Listed ? $"{named}; and {steps.Count - Listed} more" : named;
    }

    public static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
