using System.Text;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>
/// Rendered text plus, for each output line, the template line that produced its first character,
/// so errors found later in the rendered YAML can point at the template an operator edits.
/// </summary>
internal sealed class RenderOutput
{
    private readonly StringBuilder _text = new();
    private readonly List<int> _lines = [];
    private bool _atLineStart = true;

    public string Text => _text.ToString();

    public IReadOnlyList<int> TemplateLines => _lines;

    /// <summary>
    /// Appends <paramref name="text"/> produced at template line <paramref name="line"/>. Literal
    /// template text advances the line at each newline; an action's output (<paramref name="advance"/>
    /// false) belongs wholly to the action's line.
    /// </summary>
    public void Write(string text, int line, bool advance)
    {
        foreach (var c in text)
        {
            if (_atLineStart)
            {
                _lines.Add(line);
                _atLineStart = false;
            }
            _text.Append(c);
            if (c != '\n') continue;
            _atLineStart = true;
            if (advance) line++;
        }
    }
}
