namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>A named template (<c>define</c>/<c>block</c>) and the file it is written in.</summary>
internal sealed record NamedTemplate(string Name, ListNode Body, TemplateSource Source);

/// <summary>
/// Every template of a render: the files and the templates they define, shared by all files as in
/// Helm (a <c>define</c> in any file, subcharts included, is visible to <c>include</c> everywhere).
/// </summary>
internal sealed class TemplateLibrary
{
    private readonly Dictionary<string, NamedTemplate> _named = new(StringComparer.Ordinal);

    public TemplateLibrary(IReadOnlyDictionary<string, TemplateFunction> functions) => Functions = functions;

    public IReadOnlyDictionary<string, TemplateFunction> Functions { get; }

    /// <summary>
    /// Parses a file and registers its defines; a later define of the same name replaces the earlier
    /// one (Helm loads parent chart files last so a parent can override a subchart's helper).
    /// </summary>
    public ParsedTemplate Add(TemplateSource source)
    {
        var parsed = Parse(source);
        foreach (var (name, body) in parsed.Defines)
        {
            var named = new NamedTemplate(name, body, source);
            if (parsed.BlockNames.Contains(name)) _named.TryAdd(name, named);
            else _named[name] = named;
        }
        return parsed;
    }

    /// <summary>Parses without registering defines (for <c>tpl</c> strings).</summary>
    public ParsedTemplate Parse(TemplateSource source) =>
        TemplateParser.Parse(source, name => Functions.ContainsKey(name) || name is "and" or "or");

    public NamedTemplate? Find(string name) => _named.GetValueOrDefault(name);
}

/// <summary>The caller of a function: arguments are already evaluated; <see cref="Execution"/> serves include/tpl.</summary>
internal sealed record FunctionCall(string Name, IReadOnlyList<object?> Args, TemplateExecution Execution, TemplateSource Source, int Offset);

/// <summary>A template function with its argument count (Max -1 = any).</summary>
internal sealed record TemplateFunction(int Min, int Max, Func<FunctionCall, object?> Invoke);
