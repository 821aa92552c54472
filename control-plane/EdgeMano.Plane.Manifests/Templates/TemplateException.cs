using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>
/// A template that cannot be parsed or executed, located at the innermost template position
/// (a helper in <c>_helpers.tpl</c> is reported there, with the include chain in the message).
/// </summary>
internal sealed class TemplateException : Exception
{
    private readonly List<string> _trace = [];

    private TemplateException(TemplateSource source, int offset, string message) : base(message)
    {
        Template = source;
        Offset = offset;
    }

    public TemplateSource Template { get; }

    public int Offset { get; }

    public static TemplateException Parse(TemplateSource source, int offset, string message) =>
        new(source, offset, $"template parse error: {message}");

    /// <summary>An evaluation failure in the action written as <paramref name="actionText"/>.</summary>
    public static TemplateException Exec(TemplateSource source, int offset, string actionText, string message) =>
        new(source, offset, $"executing \"{source.Name}\" at <{Shorten(actionText)}>: {message}");

    /// <summary>A failure the chart asked for (<c>required</c>, <c>fail</c>): its own words only.</summary>
    public static TemplateException User(TemplateSource source, int offset, string message) =>
        new(source, offset, message);

    /// <summary>Records that the failing template was reached through an include or template call.</summary>
    public void AddCaller(TemplateSource caller, int offset)
    {
        var at = caller.PositionOf(offset);
        _trace.Add($"{caller.File}:{at.Line}");
    }

    public LocatedError ToLocatedError()
    {
        var at = Template.PositionOf(Offset);
        var message = _trace.Count == 0 ? Message : $"{Message} (called from {string.Join(", from ", _trace)})";
        return new LocatedError(Template.File, at.Line, at.Column, "", message);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
