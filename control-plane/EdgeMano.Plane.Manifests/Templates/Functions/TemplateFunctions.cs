using static EdgeMano.Plane.Manifests.Templates.TemplateValues;

namespace EdgeMano.Plane.Manifests.Templates.Functions;

/// <summary>
/// The function table: Go's builtins, the part of sprig charts use, and Helm's own
/// (<c>include</c>, <c>tpl</c>, <c>toYaml</c>, <c>required</c>, ...). Arguments are converted
/// leniently where Go would refuse a type (values from YAML may be int or float).
/// </summary>
internal static partial class TemplateFunctions
{
    public static IReadOnlyDictionary<string, TemplateFunction> All { get; } = Build();

    private static Dictionary<string, TemplateFunction> Build()
    {
        var table = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        AddCore(table);
        AddStrings(table);
        AddCollections(table);
        AddMath(table);
        AddHelm(table);
        return table;
    }

    private static void Add(Dictionary<string, TemplateFunction> table, string name, int min, int max, Func<FunctionCall, object?> invoke) =>
        table[name] = new TemplateFunction(min, max, invoke);

    /// <summary>A string argument: Go would refuse a non-string; printing it is what charts mean.</summary>
    private static string Str(object? value) => value switch
    {
        string s => s,
        null => "",
        byte[] b => System.Text.Encoding.UTF8.GetString(b),
        _ => ToText(value),
    };

    private static void AddCore(Dictionary<string, TemplateFunction> t)
    {
        Add(t, "eq", 2, -1, c => c.Args.Skip(1).Any(b => AreEqual(c.Args[0], b)));
        Add(t, "ne", 2, 2, c => !AreEqual(c.Args[0], c.Args[1]));
        Add(t, "lt", 2, 2, c => Compare(c.Args[0], c.Args[1]) < 0);
        Add(t, "le", 2, 2, c => Compare(c.Args[0], c.Args[1]) <= 0);
        Add(t, "gt", 2, 2, c => Compare(c.Args[0], c.Args[1]) > 0);
        Add(t, "ge", 2, 2, c => Compare(c.Args[0], c.Args[1]) >= 0);
        Add(t, "not", 1, 1, c => !IsTrue(c.Args[0]));
        Add(t, "len", 1, 1, c => c.Args[0] switch
        {
            string s => (long)System.Text.Encoding.UTF8.GetByteCount(s),
            IList<object?> l => (long)l.Count,
            IDictionary<string, object?> m => (long)m.Count,
            null => throw new TemplateFunctionException("len of nil pointer"),
            var v => throw new TemplateFunctionException($"len of type {TypeOf(v)}"),
        });
        Add(t, "index", 1, -1, Index);
        Add(t, "print", 0, -1, c => GoFormat.Sprint(c.Args));
        Add(t, "println", 0, -1, c => GoFormat.Sprintln(c.Args));
        Add(t, "printf", 1, -1, c => GoFormat.Sprintf(Str(c.Args[0]), c.Args.Skip(1).ToList()));
        Add(t, "default", 1, 2, c => c.Args.Count < 2 || !IsTrue(c.Args[1]) ? c.Args[0] : c.Args[1]);
        Add(t, "empty", 1, 1, c => !IsTrue(c.Args[0]));
        Add(t, "coalesce", 0, -1, c => c.Args.FirstOrDefault(IsTrue));
        Add(t, "ternary", 3, 3, c => IsTrue(c.Args[2]) ? c.Args[0] : c.Args[1]);
        Add(t, "required", 2, 2, c => c.Args[1] is null || (c.Args[1] is string s && s.Length == 0)
            ? throw new TemplateUserException(Str(c.Args[0]))
            : c.Args[1]);
        Add(t, "fail", 1, 1, c => throw new TemplateUserException(Str(c.Args[0])));
        Add(t, "toString", 1, 1, c => c.Args[0] is null ? "<nil>" : Str(c.Args[0]));
        Add(t, "int", 1, 1, c => ToLong(c.Args[0]));
        Add(t, "int64", 1, 1, c => ToLong(c.Args[0]));
        Add(t, "float64", 1, 1, c => ToDouble(c.Args[0]));
        Add(t, "atoi", 1, 1, c => long.TryParse(Str(c.Args[0]), out var v) ? v : 0L);
        Add(t, "toDecimal", 1, 1, c => ToLong(c.Args[0]));
        Add(t, "typeOf", 1, 1, c => TypeOf(c.Args[0]));
        Add(t, "kindOf", 1, 1, c => KindOf(c.Args[0]));
        Add(t, "kindIs", 2, 2, c => Str(c.Args[0]) == KindOf(c.Args[1]));
        Add(t, "typeIs", 2, 2, c => Str(c.Args[0]) == TypeOf(c.Args[1]));
        Add(t, "deepCopy", 1, 1, c => DeepCopy(c.Args[0]));
        Add(t, "deepEqual", 2, 2, c => Values.ValueJson.Write(c.Args[0]) == Values.ValueJson.Write(c.Args[1]));
    }

    /// <summary>Go's <c>index</c>: a key into a map (missing is nil), a position in a list (outside is an error).</summary>
    private static object? Index(FunctionCall c)
    {
        var value = c.Args[0];
        foreach (var key in c.Args.Skip(1))
        {
            value = value switch
            {
                IDictionary<string, object?> m => m.TryGetValue(Str(key), out var v) ? v : null,
                IList<object?> l => ToLong(key) is var i && i >= 0 && i < l.Count
                    ? l[(int)i]
                    : throw new TemplateFunctionException($"error calling index: index out of range: {ToText(key)}"),
                string s => ToLong(key) is var j && j >= 0 && j < s.Length
                    ? (long)s[(int)j]
                    : throw new TemplateFunctionException($"error calling index: index out of range: {ToText(key)}"),
                null => throw new TemplateFunctionException("error calling index: index of untyped nil"),
                _ => throw new TemplateFunctionException($"error calling index: can't index item of type {TypeOf(value)}"),
            };
        }
        return value;
    }
}
