using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Ports;
using EdgeMano.Agent.Core.Validation;

namespace EdgeMano.Agent.Core.Reconciliation;

/// <summary>The answer to an offered desired state: accepted at a revision, or refused with every reason.</summary>
public sealed record IntakeResult(bool Accepted, long Revision, IReadOnlyList<string> Errors)
{
    public string ErrorText => string.Join("; ", Errors);
}

/// <summary>
/// The one door through which desired state enters the store, whoever offers it (local apply,
/// later the plane): checked for this node, validated, only a newer revision accepted, persisted
/// before the answer is given. Revision 0 means "the next one" (local apply without a revision).
/// </summary>
public static class DesiredStateIntake
{
    public static IntakeResult Offer(IAgentStore store, DesiredState offered, string nodeId)
    {
        if (offered.NodeId != nodeId)
            return Refused(store, $"nodeId: desired state is for node '{offered.NodeId}' but this agent is node '{nodeId}'");
        var errors = DesiredStateValidator.Validate(offered);
        if (errors.Count > 0) return new IntakeResult(false, store.LoadDesired()?.Revision ?? 0, errors.Select(e => e.ToString()).ToList());

        var state = offered;
        if (state.Revision == 0) state = state with { Revision = (store.LoadDesired()?.Revision ?? 0) + 1 };
        var saved = store.SaveDesired(state);
        return saved.Accepted
            ? new IntakeResult(true, state.Revision, [])
            : new IntakeResult(false, saved.CurrentRevision, [$"revision: {state.Revision} is not newer than the revision in force ({saved.CurrentRevision}); nothing changed"]);
    }

    private static IntakeResult Refused(IAgentStore store, string error) =>
        new(false, store.LoadDesired()?.Revision ?? 0, [error]);
}
