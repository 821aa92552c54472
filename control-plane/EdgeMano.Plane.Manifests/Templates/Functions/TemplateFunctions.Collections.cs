using EdgeMano.Plane.Manifests.Values;
using static EdgeMano.Plane.Manifests.Templates.TemplateValues;

namespace EdgeMano.Plane.Manifests.Templates.Functions;

/// <summary>sprig's list and dict functions. Maps and lists are changed in place where sprig changes them (<c>set</c>, <c>merge</c>).</summary>
internal static partial class TemplateFunctions
{
    private static void AddCollections(Dictionary<string, TemplateFunction> t)
    {
        Add(t, "list", 0, -1, c => c.Args.ToList());
        Add(t, "tuple", 0, -1, c => c.Args.ToList());
        Add(t, "dict", 0, -1, Dict);
        Add(t, "set", 3, 3, c => { var m = ToMap(c.Args[0], "set"); m[Str(c.Args[1])] = c.Args[2]; return m; });
        Add(t, "unset", 2, 2, c => { var m = ToMap(c.Args[0], "unset"); m.Remove(Str(c.Args[1])); return m; });
        Add(t, "hasKey", 2, 2, c => ToMap(c.Args[0], "hasKey").ContainsKey(Str(c.Args[1])));
        Add(t, "get", 2, 2, c => ToMap(c.Args[0], "get").TryGetValue(Str(c.Args[1]), out var v) ? v : "");
        Add(t, "keys", 0, -1, c => c.Args.SelectMany(m => ToMap(m, "keys").Keys).Order(StringComparer.Ordinal).Select(k => (object?)k).ToList());
        Add(t, "values", 1, 1, c => ToMap(c.Args[0], "values") is var m ? SortedKeys(m).Select(k => m[k]).ToList() : null);
        Add(t, "pick", 1, -1, c => Pick(ToMap(c.Args[0], "pick"), c.Args.Skip(1).Select(Str).ToHashSet(), keep: true));
        Add(t, "omit", 1, -1, c => Pick(ToMap(c.Args[0], "omit"), c.Args.Skip(1).Select(Str).ToHashSet(), keep: false));
        Add(t, "pluck", 1, -1, c => c.Args.Skip(1).Select(m => ToMap(m, "pluck")).Where(m => m.ContainsKey(Str(c.Args[0]))).Select(m => m[Str(c.Args[0])]).ToList());
        Add(t, "dig", 3, -1, Dig);
        Add(t, "merge", 1, -1, c => c.Args.Skip(1).Aggregate(ToMap(c.Args[0], "merge"), (dst, src) => ValueMerge.Into(dst, ToMap(src, "merge"), overwrite: false)));
        Add(t, "mergeOverwrite", 1, -1, c => c.Args.Skip(1).Aggregate(ToMap(c.Args[0], "mergeOverwrite"), (dst, src) => ValueMerge.Into(dst, ToMap(src, "mergeOverwrite"), overwrite: true)));
        Add(t, "first", 1, 1, c => ToList(c.Args[0], "first") is { Count: > 0 } l ? l[0] : null);
        Add(t, "last", 1, 1, c => ToList(c.Args[0], "last") is { Count: > 0 } l ? l[^1] : null);
        Add(t, "rest", 1, 1, c => ToList(c.Args[0], "rest").Skip(1).ToList());
        Add(t, "initial", 1, 1, c => ToList(c.Args[0], "initial") is var l ? l.Take(Math.Max(0, l.Count - 1)).ToList() : null);
        Add(t, "append", 2, 2, c => ToList(c.Args[0], "append").Append(c.Args[1]).ToList());
        Add(t, "push", 2, 2, c => ToList(c.Args[0], "push").Append(c.Args[1]).ToList());
        Add(t, "prepend", 2, 2, c => ToList(c.Args[0], "prepend").Prepend(c.Args[1]).ToList());
        Add(t, "concat", 0, -1, c => c.Args.SelectMany(l => ToList(l, "concat")).ToList());
        Add(t, "uniq", 1, 1, c => Distinct(ToList(c.Args[0], "uniq")));
        Add(t, "has", 2, 2, c => ToList(c.Args[1], "has").Any(v => AreEqual(v, c.Args[0])));
        Add(t, "without", 1, -1, c => ToList(c.Args[0], "without").Where(v => !c.Args.Skip(1).Any(x => AreEqual(v, x))).ToList());
        Add(t, "compact", 1, 1, c => ToList(c.Args[0], "compact").Where(IsTrue).ToList());
        Add(t, "reverse", 1, 1, c => ToList(c.Args[0], "reverse").Reverse().ToList());
        Add(t, "sortAlpha", 1, 1, c => ToList(c.Args[0], "sortAlpha").Select(Str).Order(StringComparer.Ordinal).Select(s => (object?)s).ToList());
        Add(t, "until", 1, 1, c => Steps(0, ToLong(c.Args[0]), 1));
        Add(t, "untilStep", 3, 3, c => Steps(ToLong(c.Args[0]), ToLong(c.Args[1]), ToLong(c.Args[2])));
    }

    private static object? Dict(FunctionCall c)
    {
        var map = NewMap();
        for (var i = 0; i < c.Args.Count; i += 2)
        {
            map[Str(c.Args[i])] = i + 1 < c.Args.Count ? c.Args[i + 1] : "";
        }
        return map;
    }

    /// <summary><c>dig "a" "b" default $map</c>: the value at a.b, or the default.</summary>
    private static object? Dig(FunctionCall c)
    {
        object? value = ToMap(c.Args[^1], "dig");
        foreach (var key in c.Args.Take(c.Args.Count - 2))
        {
            if (value is not IDictionary<string, object?> m || !m.TryGetValue(Str(key), out value)) return c.Args[^2];
        }
        return value;
    }

    private static Dictionary<string, object?> Pick(IDictionary<string, object?> map, HashSet<string> keys, bool keep) =>
        map.Where(kv => keys.Contains(kv.Key) == keep).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static List<object?> Distinct(IList<object?> items)
    {
        var result = new List<object?>();
        foreach (var item in items)
        {
            if (!result.Any(r => AreEqual(r, item))) result.Add(item);
        }
        return result;
    }

    private static List<object?> Steps(long start, long stop, long step)
    {
        var result = new List<object?>();
        if (step == 0) return result;
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            result.Add(i);
            if (result.Count > 100_000) throw new TemplateFunctionException("until: more than 100000 items");
        }
        return result;
    }
}
