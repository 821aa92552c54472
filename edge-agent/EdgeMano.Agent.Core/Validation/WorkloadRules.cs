using EdgeMano.Agent.Core.Model;
using static EdgeMano.Agent.Core.Validation.ValidationContext;

namespace EdgeMano.Agent.Core.Validation;

/// <summary>Rules for one workload; paths are relative to <c>workloads[i]</c>.</summary>
internal static class WorkloadRules
{
    public const long MinMemoryBytes = 4L << 20;

    public static void Check(WorkloadSpec w, string at, ValidationContext context)
    {
        if (!Names.IsDnsLabel(w.Name))
        {
            context.Add(Child(at, "name"), w.Name.Length == 0 ? "must not be empty"
                : $"'{w.Name}' is not a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most {Names.MaxDnsLabel} characters");
        }
        CheckKind(w, at, context);
        CheckEnvironment(w, at, context);
        PortRules.Check(w, at, context);
        CheckMounts(w, at, context);
        NetworkRules.Check(w, at, context);
        CheckResources(w.Resources, Child(at, "resources"), context);
        CheckRestart(w.Restart, Child(at, "restart"), context);
        if (w.Health is not null) ProbeRules.Check(w, at, context);
        if (w.WorkingDir.Length > 0 && !w.WorkingDir.StartsWith('/'))
            context.Add(Child(at, "workingDir"), $"'{w.WorkingDir}' must be an absolute path");
    }

    private static void CheckKind(WorkloadSpec w, string at, ValidationContext context)
    {
        var kind = Child(at, "kind");
        var image = Child(at, "image");
        var command = Child(at, "command");
        if (w.Kind == WorkloadKind.Container)
        {
            if (w.Image.Length == 0) context.Add(image, "is required for a container", dependsOn: kind);
            else if (ImageReference.Check(w.Image) is { } problem) context.Add(image, problem);
        }
        else
        {
            if (w.Image.Length > 0)
                context.Add(image, "a process has no image; remove it, or use kind: container", dependsOn: kind);
            if (w.Command.Count == 0)
                context.Add(command, "is required for a process: the executable first, e.g. [/bin/sleep, \"3600\"]", dependsOn: kind);
        }
        if (w.Command.Count > 0 && w.Command[0].Length == 0)
            context.Add(Index(command, 0), "the executable must not be empty");
    }

    private static void CheckEnvironment(WorkloadSpec w, string at, ValidationContext context)
    {
        var env = Child(at, "env");
        foreach (var key in w.Env.Keys)
        {
            if (!Names.IsEnvKey(key))
                context.Add(Child(env, key), $"'{key}' is not a valid variable name: letters, digits and '_', not starting with a digit");
        }
        if (w.Labels.ContainsKey("")) context.Add(Child(at, "labels"), "a label key is empty");
    }

    private static void CheckMounts(WorkloadSpec w, string at, ValidationContext context)
    {
        var mounts = Child(at, "mounts");
        for (var j = 0; j < w.Mounts.Count; j++)
        {
            var mount = w.Mounts[j];
            var path = Index(mounts, j);
            if (!mount.Source.StartsWith('/'))
                context.Add(Child(path, "source"), $"'{mount.Source}' must be an absolute path on the node");
            if (!mount.Target.StartsWith('/'))
                context.Add(Child(path, "target"), $"'{mount.Target}' must be an absolute path");
        }
    }

    private static void CheckResources(ResourceLimits r, string at, ValidationContext context)
    {
        // 0 means "no limit" in the model, so only values that cannot be a limit are refused.
        if (r.Cpus < 0 || double.IsNaN(r.Cpus))
            context.Add(Child(at, "cpus"), $"must be greater than 0 (leave it out for no limit), got {r.Cpus}");
        if (r.MemoryBytes < 0 || (r.MemoryBytes > 0 && r.MemoryBytes < MinMemoryBytes))
            context.Add(Child(at, "memory"), $"must be at least 4Mi ({MinMemoryBytes} bytes), got {r.MemoryBytes} bytes");
    }

    private static void CheckRestart(RestartSpec r, string at, ValidationContext context)
    {
        if (r.MaxRetries < 0) context.Add(Child(at, "maxRetries"), $"must be 0 (no limit) or more, got {r.MaxRetries}");
        var unit = Child(at, "backoffUnit");
        var cap = Child(at, "backoffCap");
        if (r.BackoffUnit <= TimeSpan.Zero) context.Add(unit, $"must be greater than 0, got {Format(r.BackoffUnit)}");
        if (r.BackoffCap <= TimeSpan.Zero) context.Add(cap, $"must be greater than 0, got {Format(r.BackoffCap)}");
        if (r.BackoffUnit > TimeSpan.Zero && r.BackoffCap > TimeSpan.Zero && r.BackoffUnit > r.BackoffCap)
        {
            context.Add(unit, $"{Format(r.BackoffUnit)} is longer than backoffCap {Format(r.BackoffCap)}; the first delay would exceed the cap",
                dependsOn: cap);
        }
        if (r.HealthyReset <= TimeSpan.Zero)
            context.Add(Child(at, "healthyReset"), $"must be greater than 0, got {Format(r.HealthyReset)}");
    }
}
