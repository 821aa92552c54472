// Usage: EdgeMano.Agent.Store.CrashWriter <stateDir>
// Saves desired state, a workload record and an event at ever higher revisions, and prints each
// revision on stdout only after all three writes returned (= acknowledged). Runs until killed.
using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Store;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: EdgeMano.Agent.Store.CrashWriter <stateDir>");
    return 2;
}

using var store = LiteAgentStore.Open(args[0]);
var revision = store.LoadDesired()?.Revision ?? 0;
var workload = new WorkloadSpec
{
    Name = "writer",
    Kind = WorkloadKind.Process,
    Command = new ValueList<string>(["/bin/sleep", "3600"]),
    // Padding so a revision spans more than one LiteDB page now and then.
    Env = new ValueMap(Enumerable.Range(0, 40).Select(i => KeyValuePair.Create($"KEY_{i}", new string('x', 200)))),
};
while (true)
{
    revision++;
    var result = store.SaveDesired(new DesiredState { NodeId = "crash", Revision = revision, Workloads = new([workload]) });
    if (!result.Accepted)
    {
        Console.Error.WriteLine($"revision {revision} rejected, store holds {result.CurrentRevision}");
        return 1;
    }
    store.SaveRecords([new WorkloadRecord { Name = "writer", Restarts = (int)revision }], []);
    store.AppendEvents([new AgentEvent { At = DateTimeOffset.UtcNow, Workload = "writer", Reason = "Saved", Message = revision.ToString() }]);
    Console.WriteLine(revision);
}
