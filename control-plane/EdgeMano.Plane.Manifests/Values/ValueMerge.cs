using EdgeMano.Plane.Manifests.Templates;

namespace EdgeMano.Plane.Manifests.Values;

/// <summary>Deep merges of value trees, as Helm and sprig do them.</summary>
internal static class ValueMerge
{
    /// <summary>
    /// Helm's values coalescing: <paramref name="overrides"/> wins; maps merge key by key, lists
    /// and scalars are replaced whole, and an override of <c>null</c> removes the key.
    /// Returns a new tree; neither input changes.
    /// </summary>
    public static Dictionary<string, object?> Override(IDictionary<string, object?> defaults, IDictionary<string, object?> overrides)
    {
        var result = (Dictionary<string, object?>)TemplateValues.DeepCopy(defaults)!;
        foreach (var (key, value) in overrides)
        {
            if (value is null) { result.Remove(key); continue; }
            if (value is IDictionary<string, object?> over && result.TryGetValue(key, out var existing) && existing is IDictionary<string, object?> baseMap)
            {
                result[key] = Override(baseMap, over);
                continue;
            }
            result[key] = TemplateValues.DeepCopy(value);
        }
        return result;
    }

    /// <summary>
    /// sprig's <c>merge</c> (<paramref name="overwrite"/> false: keys already in <paramref name="target"/> win)
    /// and <c>mergeOverwrite</c> (true: the source wins). Changes and returns <paramref name="target"/>.
    /// </summary>
    public static IDictionary<string, object?> Into(IDictionary<string, object?> target, IDictionary<string, object?> source, bool overwrite)
    {
        foreach (var (key, value) in source)
        {
            if (target.TryGetValue(key, out var existing))
            {
                if (existing is IDictionary<string, object?> a && value is IDictionary<string, object?> b) Into(a, b, overwrite);
                else if ((overwrite && TemplateValues.IsTrue(value)) || !TemplateValues.IsTrue(existing)) target[key] = TemplateValues.DeepCopy(value);
                continue;
            }
            target[key] = TemplateValues.DeepCopy(value);
        }
        return target;
    }
}
