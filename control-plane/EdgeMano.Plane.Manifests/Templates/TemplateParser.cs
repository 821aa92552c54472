using System.Globalization;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>The result of parsing one template file: its body and the templates it <c>define</c>s.</summary>
/// <remarks><see cref="BlockNames"/>: defines that come from a <c>block</c> (a default that any other define of the name replaces).</remarks>
internal sealed record ParsedTemplate(TemplateSource Source, ListNode Root, IReadOnlyDictionary<string, ListNode> Defines, IReadOnlySet<string> BlockNames);

/// <summary>
/// Recursive-descent parser over <see cref="TemplateLexer"/> tokens, following Go's
/// <c>text/template/parse/parse.go</c>. Unknown functions are parse errors, as in Go.
/// </summary>
internal sealed class TemplateParser
{
    private static readonly HashSet<string> Keywords = ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"];

    private readonly TemplateSource _source;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly Func<string, bool> _isFunction;
    private readonly Dictionary<string, ListNode> _defines = new(StringComparer.Ordinal);
    private readonly HashSet<string> _blocks = new(StringComparer.Ordinal);
    private int _index;
    private int _rangeDepth;

    private TemplateParser(TemplateSource source, Func<string, bool> isFunction)
    {
        _source = source;
        _tokens = TemplateLexer.Lex(source);
        _isFunction = isFunction;
    }

    public static ParsedTemplate Parse(TemplateSource source, Func<string, bool> isFunction)
    {
        var parser = new TemplateParser(source, isFunction);
        var (root, end) = parser.ParseList(topLevel: true);
        if (end is not null) throw parser.Fail(end.Offset, $"unexpected {{{{{end.Text}}}}}");
        return new ParsedTemplate(source, root, parser._defines, parser._blocks);
    }

    /// <summary>Parses nodes until EOF (top level) or an <c>end</c>/<c>else</c> action, which is returned.</summary>
    private (ListNode List, Token? Terminator) ParseList(bool topLevel)
    {
        var start = Current.Offset;
        var nodes = new List<Node>();
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.Eof:
                    if (!topLevel) throw Fail(token.Offset, "unexpected EOF: an {{if}}, {{range}}, {{with}} or {{define}} has no {{end}}");
                    return (new ListNode(nodes, start), null);
                case TokenKind.Text:
                    nodes.Add(new TextNode(token.Text, token.Offset));
                    continue;
                case TokenKind.LeftDelim:
                    break;
                default:
                    throw Fail(token.Offset, $"unexpected '{token.Text}'");
            }
            var head = Current;
            if (head.Kind == TokenKind.Identifier && Keywords.Contains(head.Text))
            {
                Next();
                switch (head.Text)
                {
                    case "end" or "else":
                        if (topLevel) throw Fail(head.Offset, $"unexpected {{{{{head.Text}}}}}");
                        return (new ListNode(nodes, start), head);
                    case "if": nodes.Add(ParseIf(head.Offset, isWith: false)); break;
                    case "with": nodes.Add(ParseIf(head.Offset, isWith: true)); break;
                    case "range": nodes.Add(ParseRange(head.Offset)); break;
                    case "template": nodes.Add(ParseTemplateCall(head.Offset)); break;
                    case "define": ParseDefine(head.Offset, topLevel); break;
                    case "block": nodes.Add(ParseBlock(head.Offset)); break;
                    case "break" or "continue":
                        if (_rangeDepth == 0) throw Fail(head.Offset, $"{{{{{head.Text}}}}} outside {{{{range}}}}");
                        Expect(TokenKind.RightDelim, head.Text);
                        nodes.Add(head.Text == "break" ? new BreakNode(head.Offset) : new ContinueNode(head.Offset));
                        break;
                }
                continue;
            }
            nodes.Add(new ActionNode(ParsePipe("command", allowDeclare: true, TokenKind.RightDelim), head.Offset));
        }
    }

    private IfNode ParseIf(int offset, bool isWith)
    {
        var pipe = ParsePipe(isWith ? "with" : "if", allowDeclare: true, TokenKind.RightDelim);
        var (then, terminator) = ParseList(topLevel: false);
        ListNode? elseList = null;
        if (terminator!.Text == "else")
        {
            // "else if" / "else with" chains: the rest is one nested node that consumes the final {{end}}.
            if (Current.Kind == TokenKind.Identifier && Current.Text is "if" or "with")
            {
                var nested = Next();
                elseList = new ListNode([ParseIf(nested.Offset, nested.Text == "with")], nested.Offset);
            }
            else
            {
                Expect(TokenKind.RightDelim, "else");
                (elseList, var end) = ParseList(topLevel: false);
                if (end!.Text != "end") throw Fail(end.Offset, "expected {{end}} after {{else}}");
                Expect(TokenKind.RightDelim, "end");
            }
        }
        else
        {
            Expect(TokenKind.RightDelim, "end");
        }
        return new IfNode(pipe, then, elseList, isWith, offset);
    }

    private RangeNode ParseRange(int offset)
    {
        var pipe = ParsePipe("range", allowDeclare: true, TokenKind.RightDelim);
        _rangeDepth++;
        var (body, terminator) = ParseList(topLevel: false);
        _rangeDepth--;
        ListNode? elseList = null;
        Expect(TokenKind.RightDelim, terminator!.Text);
        if (terminator.Text == "else")
        {
            (elseList, var end) = ParseList(topLevel: false);
            if (end!.Text != "end") throw Fail(end.Offset, "expected {{end}} after {{else}} in range");
            Expect(TokenKind.RightDelim, "end");
        }
        return new RangeNode(pipe, body, elseList, offset);
    }

    private TemplateCallNode ParseTemplateCall(int offset)
    {
        var name = Expect(TokenKind.String, "template").Value;
        PipeNode? pipe = null;
        if (Current.Kind != TokenKind.RightDelim) pipe = ParsePipe("template", allowDeclare: false, TokenKind.RightDelim);
        else Next();
        return new TemplateCallNode(name, pipe, offset);
    }

    private void ParseDefine(int offset, bool topLevel)
    {
        if (!topLevel) throw Fail(offset, "{{define}} is only allowed at the top level of a file");
        var name = Expect(TokenKind.String, "define").Value;
        Expect(TokenKind.RightDelim, "define");
        var (body, end) = ParseList(topLevel: false);
        if (end!.Text != "end") throw Fail(end.Offset, "unexpected {{else}} in {{define}}");
        Expect(TokenKind.RightDelim, "end");
        _defines[name] = body;
        _blocks.Remove(name);
    }

    private TemplateCallNode ParseBlock(int offset)
    {
        var name = Expect(TokenKind.String, "block").Value;
        var pipe = ParsePipe("block", allowDeclare: false, TokenKind.RightDelim);
        var (body, end) = ParseList(topLevel: false);
        if (end!.Text != "end") throw Fail(end.Offset, "unexpected {{else}} in {{block}}");
        Expect(TokenKind.RightDelim, "end");
        if (_defines.TryAdd(name, body)) _blocks.Add(name);
        return new TemplateCallNode(name, pipe, offset);
    }

    private PipeNode ParsePipe(string context, bool allowDeclare, TokenKind closer)
    {
        var start = Current.Offset;
        var declare = new List<string>();
        var isAssign = false;
        if (allowDeclare && Current.Kind == TokenKind.Variable)
        {
            var save = _index;
            var first = Next();
            if (Current.Kind is TokenKind.Declare or TokenKind.Assign) { isAssign = Next().Kind == TokenKind.Assign; declare.Add(first.Text); }
            else if (Current.Kind == TokenKind.Comma && context == "range")
            {
                Next();
                declare.Add(first.Text);
                declare.Add(Expect(TokenKind.Variable, "range").Text);
                isAssign = Expect(TokenKind.Declare, "range", TokenKind.Assign).Kind == TokenKind.Assign;
            }
            else _index = save;
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            commands.Add(ParseCommand(context, closer));
            var separator = Next();
            if (separator.Kind == closer) break;
            if (separator.Kind != TokenKind.Pipe) throw Fail(separator.Offset, $"unexpected '{separator.Text}' in {context}");
        }
        var end = _tokens[_index - 1].Offset;
        return new PipeNode(declare, isAssign, commands, start, _source.Text[start..end].Trim());
    }

    private CommandNode ParseCommand(string context, TokenKind closer)
    {
        var start = Current.Offset;
        var args = new List<ArgNode>();
        while (Current.Kind is not (TokenKind.Pipe or TokenKind.RightDelim or TokenKind.RightParen or TokenKind.Eof))
        {
            args.Add(ParseOperand());
        }
        if (args.Count == 0) throw Fail(Current.Offset, $"missing value for {context}");
        if (Current.Kind != closer && Current.Kind != TokenKind.Pipe) throw Fail(Current.Offset, $"unexpected '{Current.Text}' in {context}");
        return new CommandNode(args, start, _source.Text[start..Current.Offset].Trim());
    }

    private ArgNode ParseOperand()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Field: return new FieldArg([token.Text, .. ChainedFields()], token.Offset);
            case TokenKind.Variable: return new VariableArg(token.Text, ChainedFields(), token.Offset);
            case TokenKind.Dot: return new DotArg(token.Offset);
            case TokenKind.String: return new LiteralArg(token.Value, token.Offset);
            case TokenKind.Number: return new LiteralArg(ParseNumber(token), token.Offset);
            case TokenKind.Char: return new LiteralArg(long.Parse(token.Value, CultureInfo.InvariantCulture), token.Offset);
            case TokenKind.LeftParen:
                var pipe = ParsePipe("parenthesized pipeline", allowDeclare: false, TokenKind.RightParen);
                return new ChainArg(pipe, ChainedFields(), token.Offset);
            case TokenKind.Identifier:
                switch (token.Text)
                {
                    case "true": return new LiteralArg(true, token.Offset);
                    case "false": return new LiteralArg(false, token.Offset);
                    case "nil": return new LiteralArg(null, token.Offset);
                }
                if (Keywords.Contains(token.Text)) throw Fail(token.Offset, $"unexpected keyword '{token.Text}'");
                if (!_isFunction(token.Text)) throw Fail(token.Offset, $"function \"{token.Text}\" not defined");
                return new FunctionArg(token.Text, token.Offset);
            default:
                throw Fail(token.Offset, $"unexpected '{token.Text}' in operand");
        }
    }

    private List<string> ChainedFields()
    {
        var fields = new List<string>();
        while (Current.Kind == TokenKind.Field && !Current.SpaceBefore) fields.Add(Next().Text);
        if (Current.Kind is TokenKind.Dot or TokenKind.Variable or TokenKind.String or TokenKind.Number && !Current.SpaceBefore)
            throw Fail(Current.Offset, $"unexpected '{Current.Text}' after term; separate arguments with spaces");
        return fields;
    }

    private object ParseNumber(Token token)
    {
        var text = token.Text.Replace("_", "", StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('-', '+');
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return negative ? -hex : hex;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return integer;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return real;
        throw Fail(token.Offset, $"bad number syntax: '{token.Text}'");
    }

    private Token Current => _tokens[_index];

    private Token Next() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    private Token Expect(TokenKind kind, string context, TokenKind? alternative = null)
    {
        var token = Next();
        if (token.Kind == kind || token.Kind == alternative) return token;
        var what = token.Kind == TokenKind.Eof ? "end of file" : $"'{token.Text}'";
        throw Fail(token.Offset, $"unexpected {what} in {context}");
    }

    private TemplateException Fail(int offset, string message) => TemplateException.Parse(_source, offset, message);
}
