using System.Text.RegularExpressions;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>Pipelines, commands, arguments and field chains.</summary>
internal sealed partial class TemplateExecution
{
    private object? EvalPipe(PipeNode pipe, object? dot, TemplateSource source)
    {
        object? value = null;
        for (var i = 0; i < pipe.Commands.Count; i++)
        {
            value = EvalCommand(pipe.Commands[i], dot, source, value, hasFinal: i > 0);
        }
        foreach (var name in pipe.Declare)
        {
            if (!pipe.IsAssign) { _vars.Add((name, value)); continue; }
            var at = _vars.FindLastIndex(v => v.Name == name);
            if (at < 0) throw TemplateException.Exec(source, pipe.Offset, pipe.Source, $"undefined variable: {name}");
            _vars[at] = (name, value);
        }
        return value;
    }

    private object? EvalCommand(CommandNode cmd, object? dot, TemplateSource source, object? final, bool hasFinal)
    {
        var first = cmd.Args[0];
        try
        {
            switch (first)
            {
                case FunctionArg function:
                    return CallFunction(function.Name, cmd, dot, source, final, hasFinal, cmd.Offset);
                case FieldArg field:
                    return EvalFields(dot, field.Names, cmd, dot, source, final, hasFinal);
                case VariableArg variable when variable.Fields.Count > 0:
                    return EvalFields(Lookup(variable.Name), variable.Fields, cmd, dot, source, final, hasFinal);
                case ChainArg chain when chain.Fields.Count > 0:
                    return EvalFields(EvalPipe(chain.Pipe, dot, source), chain.Fields, cmd, dot, source, final, hasFinal);
            }
            if (cmd.Args.Count > 1 || hasFinal) throw new TemplateFunctionException($"can't give argument to non-function {cmd.Source.Split(' ')[0]}");
            return EvalArg(first, dot, source);
        }
        catch (TemplateFunctionException e)
        {
            throw TemplateException.Exec(source, cmd.Offset, cmd.Source, e.Message);
        }
        catch (TemplateUserException e)
        {
            throw TemplateException.User(source, cmd.Offset, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException or InvalidCastException or RegexMatchTimeoutException)
        {
            // A function met a value it cannot handle: report it at the action rather than crash the render.
            throw TemplateException.Exec(source, cmd.Offset, cmd.Source, e.Message);
        }
    }

    private object? EvalArg(ArgNode arg, object? dot, TemplateSource source) => arg switch
    {
        DotArg => dot,
        LiteralArg literal => literal.Value,
        FieldArg field => EvalFields(dot, field.Names, null, dot, source, null, false),
        VariableArg variable => EvalFields(Lookup(variable.Name), variable.Fields, null, dot, source, null, false),
        ChainArg chain => EvalFields(EvalPipe(chain.Pipe, dot, source), chain.Fields, null, dot, source, null, false),
        FunctionArg function => CallFunction(function.Name, null, dot, source, null, false, function.Offset),
        _ => throw new InvalidOperationException($"unknown argument {arg.GetType().Name}"),
    };

    /// <summary>
    /// Walks <c>.A.B.C</c> from <paramref name="receiver"/>. A method at the end receives the
    /// command's other arguments (and the piped value); anything else refuses arguments.
    /// </summary>
    private object? EvalFields(object? receiver, IReadOnlyList<string> names, CommandNode? cmd, object? dot, TemplateSource source, object? final, bool hasFinal)
    {
        var value = receiver;
        for (var i = 0; i < names.Count; i++)
        {
            value = Field(value, names[i]);
            if (value is not TemplateMethod method) continue;
            var args = new List<object?>();
            if (i == names.Count - 1 && cmd is not null)
            {
                args.AddRange(cmd.Args.Skip(1).Select(a => EvalArg(a, dot, source)));
                if (hasFinal) args.Add(final);
            }
            return i == names.Count - 1 ? method.Invoke([.. args]) : EvalFields(method.Invoke([]), names.Skip(i + 1).ToList(), cmd, dot, source, final, hasFinal);
        }
        if (cmd is not null && (cmd.Args.Count > 1 || hasFinal))
            throw new TemplateFunctionException($"{names[^1]} is not a method but has arguments");
        return value;
    }

    private static object? Field(object? receiver, string name) => receiver switch
    {
        null => throw new TemplateFunctionException($"nil pointer evaluating interface {{}}.{name}"),
        IDictionary<string, object?> map => map.TryGetValue(name, out var v) ? v : null,
        ITemplateObject obj => obj.TryGetField(name, out var v) ? v
            : throw new TemplateFunctionException($"can't evaluate field {name} in type {obj.TypeName}"),
        _ => throw new TemplateFunctionException($"can't evaluate field {name} in type {TemplateValues.TypeOf(receiver)}"),
    };

    private object? Lookup(string name)
    {
        var at = _vars.FindLastIndex(v => v.Name == name);
        if (at < 0) throw new TemplateFunctionException($"undefined variable: {name}");
        return _vars[at].Value;
    }

    private object? CallFunction(string name, CommandNode? cmd, object? dot, TemplateSource source, object? final, bool hasFinal, int offset)
    {
        var operands = cmd?.Args.Skip(1).ToList() ?? [];
        if (name is "and" or "or")
        {
            // Go 1.18+: evaluate left to right and stop at the first value that decides the result.
            if (operands.Count + (hasFinal ? 1 : 0) == 0) throw new TemplateFunctionException($"wrong number of args for {name}: want at least 1 got 0");
            object? last = null;
            for (var i = 0; i < operands.Count + (hasFinal ? 1 : 0); i++)
            {
                last = i < operands.Count ? EvalArg(operands[i], dot, source) : final;
                if (TemplateValues.IsTrue(last) == (name == "or")) return last;
            }
            return last;
        }

        var function = _library.Functions[name];
        var args = operands.Select(a => EvalArg(a, dot, source)).ToList();
        if (hasFinal) args.Add(final);
        if (args.Count < function.Min || (function.Max >= 0 && args.Count > function.Max))
        {
            var want = function.Max == function.Min ? $"{function.Min}" : function.Max < 0 ? $"at least {function.Min}" : $"{function.Min} to {function.Max}";
            throw new TemplateFunctionException($"wrong number of args for {name}: want {want} got {args.Count}");
        }
        return function.Invoke(new FunctionCall(name, args, this, source, offset));
    }
}
