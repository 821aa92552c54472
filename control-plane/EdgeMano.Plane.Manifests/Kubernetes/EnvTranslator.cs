using System.Text;
using EdgeMano.Agent.Core.Validation;
using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Kubernetes;

/// <summary>
/// <c>env</c> and <c>envFrom</c> into plain variables. <c>envFrom</c> comes first and <c>env</c>
/// overrides it (Kubernetes' order); <c>$(VAR)</c> references are expanded as the kubelet does,
/// because no runtime on a container node would. <c>valueFrom</c>: configMapKeyRef and
/// secretKeyRef from the same manifest set, fieldRef for metadata.name/namespace/labels/annotations;
/// resourceFieldRef and status fields (pod IP, node name) are errors: they exist only on a cluster.
/// </summary>
internal static class EnvTranslator
{
    public static void Read(YamlMapping container, WorkloadDraft draft, TranslationContext context)
    {
        foreach (var item in container.List("envFrom") ?? []) ReadEnvFrom(item, draft, context);
        foreach (var item in container.List("env") ?? []) ReadEnv(item, draft, context);
    }

    private static void ReadEnvFrom(YamlValue item, WorkloadDraft draft, TranslationContext context)
    {
        if (item.AsMapping(["configMapRef", "secretRef", "prefix"]) is not { } m) return;
        var prefix = m.String("prefix") ?? "";
        var (kind, reference) = m.Mapping("configMapRef", ["name", "optional"]) is { } cm ? ("ConfigMap", cm)
            : m.Mapping("secretRef", ["name", "optional"]) is { } s ? ("Secret", s)
            : (null, null);
        if (reference is null)
        {
            item.Error("expected configMapRef or secretRef");
            return;
        }
        var data = context.Config.Resolve(kind!, reference, draft.Namespace, out _);
        foreach (var (key, value) in data ?? new Dictionary<string, string>())
        {
            var name = prefix + key;
            if (!Names.IsEnvKey(name))
            {
                // The kubelet skips such keys too (with an event); say so instead of failing.
                context.Note(draft.Source, item.Path, $"{kind} key '{key}' is not a valid variable name and is skipped, as the kubelet does");
                continue;
            }
            draft.Env[name] = value;
            draft.Origin($"env.{name}", item.Path);
        }
    }

    private static void ReadEnv(YamlValue item, WorkloadDraft draft, TranslationContext context)
    {
        if (item.AsMapping(["name", "value", "valueFrom"]) is not { } m) return;
        var name = m.String("name", required: true);
        if (name is null) return;
        draft.Origin($"env.{name}", item.Path);
        if (m.Mapping("valueFrom", ["configMapKeyRef", "secretKeyRef", "fieldRef", "resourceFieldRef", "fileKeyRef"]) is { } from)
        {
            if (ValueFrom(from, draft, context) is { } resolved) draft.Env[name] = resolved;
            return;
        }
        draft.Env[name] = Expand(m.String("value") ?? "", draft.Env);
    }

    private static string? ValueFrom(YamlMapping from, WorkloadDraft draft, TranslationContext context)
    {
        var (kind, reference) = from.Mapping("configMapKeyRef", ["name", "key", "optional"]) is { } cm ? ("ConfigMap", cm)
            : from.Mapping("secretKeyRef", ["name", "key", "optional"]) is { } s ? ("Secret", s)
            : (null, null);
        if (reference is not null)
        {
            var key = reference.String("key", required: true);
            var data = context.Config.Resolve(kind!, reference, draft.Namespace, out var optional);
            if (data is null || key is null) return null;
            if (data.TryGetValue(key, out var value)) return value;
            if (!optional) reference.Get("key")!.Error($"{kind} '{reference.String("name")}' has no key '{key}'");
            return null;
        }
        if (from.Mapping("fieldRef", ["fieldPath", "apiVersion"]) is { } field) return FieldRef(field, draft);
        if (from.Keys.Count == 0) from.Self.Error("valueFrom needs configMapKeyRef, secretKeyRef or fieldRef");
        foreach (var key in from.Keys)
        {
            from.Get(key)!.Error(key == "resourceFieldRef"
                ? "resourceFieldRef cannot be translated for container nodes: the agent does not expose limits to the container; write the value"
                : $"{key} cannot be translated for container nodes: the agent has no equivalent");
        }
        return null;
    }

    private static string? FieldRef(YamlMapping field, WorkloadDraft draft)
    {
        var fieldPath = field.String("fieldPath", required: true);
        switch (fieldPath)
        {
            case null: return null;
            case "metadata.name": return draft.Name;
            case "metadata.namespace": return draft.Namespace;
        }
        var labels = "metadata.labels['";
        if (fieldPath.StartsWith(labels, StringComparison.Ordinal) && fieldPath.EndsWith("']", StringComparison.Ordinal))
            return draft.PodLabels.GetValueOrDefault(fieldPath[labels.Length..^2], "");
        field.Get("fieldPath")!.Error(
            $"fieldRef '{fieldPath}' cannot be translated for container nodes: it is known only to a kubelet on a cluster; " +
            "supported: metadata.name, metadata.namespace, metadata.labels['key']");
        return null;
    }

    /// <summary>
    /// Kubernetes' <c>$(VAR)</c> expansion: a defined variable is replaced, <c>$$</c> is a literal
    /// <c>$</c>, anything else stays as written.
    /// </summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> env)
    {
        if (!text.Contains('$')) return text;
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length) { sb.Append(text[i]); continue; }
            if (text[i + 1] == '$') { sb.Append('$'); i++; continue; }
            var close = text[i + 1] == '(' ? text.IndexOf(')', i + 2) : -1;
            if (close > 0 && env.TryGetValue(text[(i + 2)..close], out var value))
            {
                sb.Append(value);
                i = close;
                continue;
            }
            sb.Append(text[i]);
        }
        return sb.ToString();
    }
}
