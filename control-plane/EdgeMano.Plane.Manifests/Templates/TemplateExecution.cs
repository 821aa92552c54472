using System.Runtime.CompilerServices;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>
/// Executes parsed templates as Go's <c>text/template/exec.go</c> does: dot, variables scoped to
/// the enclosing control structure, <c>$</c> bound per template call, <c>range</c> over lists, maps
/// (in key order) and integers, <c>break</c>/<c>continue</c>. Helm's non-strict mode: a missing map
/// key is nil and prints nothing, a field of nil is an error.
/// </summary>
internal sealed partial class TemplateExecution
{
    /// <summary>
    /// Template calls nest at most this deep (a template including itself). Helm allows 1000 on Go's
    /// growable stacks; real charts nest a handful, and a .NET thread stack must not overflow.
    /// </summary>
    private const int MaxDepth = 100;

    private readonly TemplateLibrary _library;
    private List<(string Name, object? Value)> _vars = [];
    private int _depth;

    public TemplateExecution(TemplateLibrary library) => _library = library;

    private enum Flow { Normal, Break, Continue }

    /// <summary>Where output goes and which template line owns it (fixed inside a called template).</summary>
    private sealed record Frame(TemplateSource Source, RenderOutput Output, int? CallerLine);

    public RenderOutput Render(ParsedTemplate template, object? data)
    {
        var output = new RenderOutput();
        _vars = [("$", data)];
        Exec(template.Root, data, new Frame(template.Source, output, null));
        return output;
    }

    /// <summary>Renders a named template to a string (Helm's <c>include</c>).</summary>
    public string Include(string name, object? data, TemplateSource caller, int offset)
    {
        var named = _library.Find(name)
            ?? throw new TemplateFunctionException($"no template \"{name}\" associated with template \"{caller.Name}\"");
        var output = new RenderOutput();
        CallTemplate(named, data, new Frame(named.Source, output, 0), caller, offset);
        return output.Text;
    }

    /// <summary>Renders a string as a template against <paramref name="data"/> (Helm's <c>tpl</c>).</summary>
    public string RenderString(string text, object? data, TemplateSource caller, int offset)
    {
        var source = new TemplateSource(caller.Name, caller.File, text);
        ParsedTemplate parsed;
        try
        {
            parsed = _library.Parse(source);
        }
        catch (TemplateException e)
        {
            throw new TemplateFunctionException($"tpl: {e.Message}");
        }
        var output = new RenderOutput();
        var named = new NamedTemplate("tpl", parsed.Root, source);
        CallTemplate(named, data, new Frame(source, output, 0), caller, offset);
        return output.Text;
    }

    private void CallTemplate(NamedTemplate named, object? data, Frame frame, TemplateSource caller, int offset)
    {
        if (_depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw TemplateException.Exec(caller, offset, named.Name, $"template \"{named.Name}\" nested deeper than {MaxDepth} calls (does it include itself?)");
        _depth++;
        var saved = _vars;
        _vars = [("$", data)];
        try
        {
            Exec(named.Body, data, frame);
        }
        catch (TemplateException e)
        {
            e.AddCaller(caller, offset);
            throw;
        }
        finally
        {
            _vars = saved;
            _depth--;
        }
    }

    private Flow Exec(ListNode list, object? dot, Frame frame)
    {
        foreach (var node in list.Nodes)
        {
            var flow = ExecNode(node, dot, frame);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    private Flow ExecNode(Node node, object? dot, Frame frame)
    {
        switch (node)
        {
            case TextNode text:
                frame.Output.Write(text.Text, frame.CallerLine ?? frame.Source.PositionOf(text.Offset).Line, advance: frame.CallerLine is null);
                return Flow.Normal;
            case ActionNode action:
                var value = EvalPipe(action.Pipe, dot, frame.Source);
                if (action.Pipe.Declare.Count == 0)
                    frame.Output.Write(Print(value, action.Pipe, frame.Source), LineOf(action, frame), advance: false);
                return Flow.Normal;
            case IfNode branch:
                return ExecIf(branch, dot, frame);
            case RangeNode range:
                return ExecRange(range, dot, frame);
            case TemplateCallNode call:
                var named = _library.Find(call.Name)
                    ?? throw TemplateException.Exec(frame.Source, call.Offset, $"template \"{call.Name}\"", $"no such template \"{call.Name}\"");
                var data = call.Pipe is null ? null : EvalPipe(call.Pipe, dot, frame.Source);
                CallTemplate(named, data, frame with { Source = named.Source, CallerLine = LineOf(call, frame) }, frame.Source, call.Offset);
                return Flow.Normal;
            case BreakNode: return Flow.Break;
            case ContinueNode: return Flow.Continue;
            default: throw new InvalidOperationException($"unknown node {node.GetType().Name}");
        }
    }

    private static int LineOf(Node node, Frame frame) => frame.CallerLine ?? frame.Source.PositionOf(node.Offset).Line;

    private Flow ExecIf(IfNode node, object? dot, Frame frame)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipe(node.Pipe, dot, frame.Source);
            if (TemplateValues.IsTrue(value)) return Exec(node.Then, node.IsWith ? value : dot, frame);
            return node.Else is null ? Flow.Normal : Exec(node.Else, dot, frame);
        }
        finally
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private Flow ExecRange(RangeNode node, object? dot, Frame frame)
    {
        var mark = _vars.Count;
        try
        {
            // The declared variables get each element, not the whole value.
            var value = EvalPipe(node.Pipe with { Declare = [] }, dot, frame.Source);
            var items = Enumerate(value, node, frame.Source);
            if (items.Count == 0) return node.Else is null ? Flow.Normal : Exec(node.Else, dot, frame);
            foreach (var (key, element) in items)
            {
                var inner = _vars.Count;
                if (node.Pipe.Declare.Count == 1) _vars.Add((node.Pipe.Declare[0], element));
                if (node.Pipe.Declare.Count == 2) { _vars.Add((node.Pipe.Declare[0], key)); _vars.Add((node.Pipe.Declare[1], element)); }
                var flow = Exec(node.Body, element, frame);
                _vars.RemoveRange(inner, _vars.Count - inner);
                if (flow == Flow.Break) break;
            }
            return Flow.Normal;
        }
        finally
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private static List<(object? Key, object? Value)> Enumerate(object? value, RangeNode node, TemplateSource source) => value switch
    {
        null => [],
        IList<object?> list => list.Select((v, i) => ((object?)(long)i, v)).ToList(),
        IDictionary<string, object?> map => TemplateValues.SortedKeys(map).Select(k => ((object?)k, map[k])).ToList(),
        long n => Enumerable.Range(0, (int)Math.Clamp(n, 0, int.MaxValue)).Select(i => ((object?)(long)i, (object?)(long)i)).ToList(),
        _ => throw TemplateException.Exec(source, node.Offset, node.Pipe.Source, $"range can't iterate over {TemplateValues.ToText(value)}"),
    };

    private static string Print(object? value, PipeNode pipe, TemplateSource source) => value switch
    {
        TemplateMethod m => throw TemplateException.Exec(source, pipe.Offset, pipe.Source, $"can't print method {m.Name}"),
        _ => TemplateValues.ToText(value),
    };
}
