using System.Text;

namespace EdgeMano.Plane.Manifests.Templates;

internal enum TokenKind
{
    Text, LeftDelim, RightDelim, Identifier, Field, Variable, String, Number, Char, Dot,
    Pipe, LeftParen, RightParen, Declare, Assign, Comma, Eof,
}

/// <summary>A token; <see cref="SpaceBefore"/> tells <c>.a.b</c> (one chain) from <c>.a .b</c> (two arguments).</summary>
internal sealed record Token(TokenKind Kind, string Text, int Offset, bool SpaceBefore = false)
{
    /// <summary>For strings: the unquoted value.</summary>
    public string Value { get; init; } = Text;
}

/// <summary>
/// Splits a Go text/template into text and action tokens, as Go's <c>text/template/parse/lex.go</c>:
/// <c>{{- </c> trims the whitespace before it, <c> -}}</c> the whitespace after it, and
/// <c>{{/* */}}</c> is a comment. Text tokens keep the offset of their first kept character, so
/// the renderer knows which template line produced each output line.
/// </summary>
internal sealed class TemplateLexer
{
    private readonly string _text;
    private readonly TemplateSource _source;
    private readonly List<Token> _tokens = [];
    private int _pos;

    private TemplateLexer(TemplateSource source)
    {
        _source = source;
        _text = source.Text;
    }

    public static IReadOnlyList<Token> Lex(TemplateSource source)
    {
        var lexer = new TemplateLexer(source);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        var trimNext = false;
        while (_pos <= _text.Length)
        {
            var open = _text.IndexOf("{{", _pos, StringComparison.Ordinal);
            var textEnd = open < 0 ? _text.Length : open;
            var trimBefore = open >= 0 && open + 3 < _text.Length && _text[open + 2] == '-' && IsSpace(_text[open + 3]);
            EmitText(_pos, textEnd, trimNext, trimBefore);
            if (open < 0) break;

            _pos = open + (trimBefore ? 3 : 2);
            trimNext = LexAction(open);
        }
        _tokens.Add(new Token(TokenKind.Eof, "", _text.Length));
    }

    private void EmitText(int start, int end, bool trimLeft, bool trimRight)
    {
        if (trimLeft) while (start < end && IsSpace(_text[start])) start++;
        if (trimRight) while (end > start && IsSpace(_text[end - 1])) end--;
        if (end > start) _tokens.Add(new Token(TokenKind.Text, _text[start..end], start));
    }

    /// <summary>Lexes one action; returns whether it ends with a right trim marker.</summary>
    private bool LexAction(int open)
    {
        SkipSpaces();
        if (At("/*")) return LexComment(open);
        _tokens.Add(new Token(TokenKind.LeftDelim, "{{", open));
        while (true)
        {
            var spaced = SkipSpaces();
            if (_pos >= _text.Length) throw Fail(open, "unclosed action");
            if (At("-}}") && spaced) { Close(_pos + 1); _pos += 3; return true; }
            if (At("}}")) { Close(_pos); _pos += 2; return false; }
            LexToken(spaced);
        }
    }

    private void Close(int at) => _tokens.Add(new Token(TokenKind.RightDelim, "}}", at));

    private bool LexComment(int open)
    {
        var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        if (end < 0) throw Fail(open, "unclosed comment");
        _pos = end + 2;
        var trim = false;
        if (At(" -}}")) { trim = true; _pos += 4; }
        else if (At("}}")) _pos += 2;
        else throw Fail(_pos, "comment ends before closing delimiter");
        return trim;
    }

    private void LexToken(bool spaced)
    {
        var start = _pos;
        var c = _text[_pos];
        switch (c)
        {
            case '|': Add(TokenKind.Pipe, 1, spaced); return;
            case '(': Add(TokenKind.LeftParen, 1, spaced); return;
            case ')': Add(TokenKind.RightParen, 1, spaced); return;
            case ',': Add(TokenKind.Comma, 1, spaced); return;
            case '=': Add(TokenKind.Assign, 1, spaced); return;
            case ':' when Peek(1) == '=': Add(TokenKind.Declare, 2, spaced); return;
            case '"': LexQuoted(spaced); return;
            case '`': LexRaw(spaced); return;
            case '\'': LexChar(spaced); return;
            case '$': _pos++; ReadWord(); _tokens.Add(new Token(TokenKind.Variable, _text[start.._pos], start, spaced)); return;
            case '.' when Peek(1) is { } n && char.IsAsciiDigit(n): LexNumber(spaced); return;
            case '.' when Peek(1) is { } n && IsWordChar(n):
                _pos++; ReadWord(); _tokens.Add(new Token(TokenKind.Field, _text[(start + 1).._pos], start, spaced)); return;
            case '.': Add(TokenKind.Dot, 1, spaced); return;
        }
        if (char.IsAsciiDigit(c) || ((c is '-' or '+') && Peek(1) is { } d && (char.IsAsciiDigit(d) || d == '.'))) { LexNumber(spaced); return; }
        if (IsWordChar(c)) { ReadWord(); _tokens.Add(new Token(TokenKind.Identifier, _text[start.._pos], start, spaced)); return; }
        throw Fail(start, $"unexpected '{c}' in action");
    }

    private void Add(TokenKind kind, int length, bool spaced)
    {
        _tokens.Add(new Token(kind, _text.Substring(_pos, length), _pos, spaced));
        _pos += length;
    }

    private void LexNumber(bool spaced)
    {
        var start = _pos;
        if (_text[_pos] is '-' or '+') _pos++;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '_'
               || (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'e' or 'E' or 'p' or 'P'))) _pos++;
        _tokens.Add(new Token(TokenKind.Number, _text[start.._pos], start, spaced));
    }

    private void LexQuoted(bool spaced)
    {
        var start = _pos++;
        var value = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw Fail(start, "unterminated quoted string");
            var c = _text[_pos++];
            if (c == '"') break;
            if (c != '\\') { value.Append(c); continue; }
            if (_pos >= _text.Length) throw Fail(start, "unterminated quoted string");
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case '\\' or '"' or '\'': value.Append(e); break;
                case 'u' or 'x':
                    var digits = e == 'u' ? 4 : 2;
                    if (_pos + digits > _text.Length || !int.TryParse(_text.AsSpan(_pos, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code))
                        throw Fail(_pos - 2, $"invalid escape sequence '\\{e}' (expected {digits} hex digits)");
                    value.Append((char)code);
                    _pos += digits;
                    break;
                default: throw Fail(_pos - 2, $"unknown escape sequence '\\{e}'");
            }
        }
        _tokens.Add(new Token(TokenKind.String, _text[start.._pos], start, spaced) { Value = value.ToString() });
    }

    private void LexRaw(bool spaced)
    {
        var start = _pos;
        var end = _text.IndexOf('`', _pos + 1);
        if (end < 0) throw Fail(start, "unterminated raw quoted string");
        _pos = end + 1;
        _tokens.Add(new Token(TokenKind.String, _text[start.._pos], start, spaced) { Value = _text[(start + 1)..end] });
    }

    private void LexChar(bool spaced)
    {
        var start = _pos;
        var end = _text.IndexOf('\'', _pos + 1);
        if (end < 0 || end - start > 3) throw Fail(start, "unterminated character constant");
        _pos = end + 1;
        var body = _text[(start + 1)..end];
        var ch = body.StartsWith('\\') ? body[1] switch { 'n' => '\n', 't' => '\t', var x => x } : body[0];
        _tokens.Add(new Token(TokenKind.Char, _text[start.._pos], start, spaced) { Value = ((int)ch).ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private void ReadWord()
    {
        while (_pos < _text.Length && IsWordChar(_text[_pos])) _pos++;
    }

    private bool SkipSpaces()
    {
        var start = _pos;
        while (_pos < _text.Length && IsSpace(_text[_pos])) _pos++;
        return _pos > start;
    }

    private bool At(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private char? Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : null;

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private TemplateException Fail(int offset, string message) => TemplateException.Parse(_source, offset, message);
}
