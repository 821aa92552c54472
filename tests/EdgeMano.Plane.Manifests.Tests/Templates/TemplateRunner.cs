using EdgeMano.Plane.Manifests.Templates;
using EdgeMano.Plane.Manifests.Templates.Functions;
using EdgeMano.Plane.Manifests.Values;

namespace EdgeMano.Plane.Manifests.Tests.Templates;

/// <summary>Renders a template text against data written as YAML; other files supply defines.</summary>
internal static class TemplateRunner
{
    public static string Render(string template, string dataYaml = "{}", params (string Name, string Text)[] helpers) =>
        Execute(template, dataYaml, helpers).Text;

    public static RenderOutput Execute(string template, string dataYaml = "{}", params (string Name, string Text)[] helpers)
    {
        var library = new TemplateLibrary(TemplateFunctions.All);
        foreach (var (name, text) in helpers) library.Add(new TemplateSource(name, $"chart/{name}", text));
        var parsed = library.Add(new TemplateSource("chart/templates/t.yaml", "chart/templates/t.yaml", template));
        var (data, error) = ValueYaml.Parse(dataYaml, "data");
        Assert.Null(error);
        return new TemplateExecution(library).Render(parsed, data);
    }

    /// <summary>The located error a template fails with, as "file:line:col: message".</summary>
    public static string Failure(string template, string dataYaml = "{}", params (string Name, string Text)[] helpers)
    {
        var e = Assert.Throws<TemplateException>(() => Execute(template, dataYaml, helpers));
        return e.ToLocatedError().ToString();
    }
}
