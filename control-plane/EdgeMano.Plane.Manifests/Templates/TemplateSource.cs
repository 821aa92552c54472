using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>
/// A template's text with its two names: <see cref="Name"/> as templates see it
/// (<c>.Template.Name</c>, e.g. <c>mychart/templates/deployment.yaml</c>) and <see cref="File"/> as
/// an operator finds it in the package (used in errors).
/// </summary>
internal sealed class TemplateSource
{
    private readonly int[] _lineStarts;

    public TemplateSource(string name, string file, string text)
    {
        Name = name;
        File = file;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') starts.Add(i + 1);
        }
        _lineStarts = [.. starts];
    }

    public string Name { get; }

    public string File { get; }

    public string Text { get; }

    public SourcePosition PositionOf(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourcePosition(line + 1, offset - _lineStarts[line] + 1);
    }
}
