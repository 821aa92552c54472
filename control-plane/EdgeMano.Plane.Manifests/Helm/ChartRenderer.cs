using EdgeMano.Agent.Core.Model;
using EdgeMano.Agent.Core.Yaml;
using EdgeMano.Plane.Manifests.Templates;
using EdgeMano.Plane.Manifests.Templates.Functions;
using EdgeMano.Plane.Manifests.Values;

namespace EdgeMano.Plane.Manifests.Helm;

/// <summary>
/// <c>helm template</c> in process: values coalesced (defaults, caller's values, subchart scopes),
/// every template parsed into one library (deepest chart first, so a parent's define wins), then
/// each rendered template executed on its own so one failing file does not hide another's errors.
/// </summary>
internal static class ChartRenderer
{
    /// <summary>A chart to render with its coalesced values; <see cref="NamePrefix"/> starts template names.</summary>
    private sealed record Unit(HelmChart Chart, string Name, Dictionary<string, object?> Values, string NamePrefix, int Depth);

    public static ChartRender Render(HelmChart chart, string? valuesYaml, string releaseName, string @namespace, string valuesSourceName)
    {
        if (chart.Type == "library")
            return Failed(new LocatedError($"{chart.SourceName}/Chart.yaml", 0, 0, "type",
                "is a library chart: it only provides templates to other charts and cannot be rendered on its own"));

        var (overrides, overrideError) = ValueYaml.ParseMap(valuesYaml ?? "", valuesSourceName);
        if (overrideError is not null) return Failed(overrideError);
        var (defaults, defaultsError) = ValueYaml.ParseMap(chart.ValuesYaml, $"{chart.SourceName}/values.yaml");
        if (defaultsError is not null) return Failed(defaultsError);

        var units = new List<Unit>();
        Collect(chart, chart.Name, ValueMerge.Override(defaults, overrides), chart.Name, 0, units);

        var errors = new List<LocatedError>();
        var library = new TemplateLibrary(TemplateFunctions.All);
        var parsed = new Dictionary<(Unit, ChartTemplate), ParsedTemplate>();
        foreach (var unit in units.OrderByDescending(u => u.Depth))
        {
            foreach (var template in unit.Chart.Templates)
            {
                var source = new TemplateSource($"{unit.NamePrefix}/{template.Path}", $"{unit.Chart.SourceName}/{template.Path}", template.Text);
                try
                {
                    parsed[(unit, template)] = library.Add(source);
                }
                catch (TemplateException e)
                {
                    errors.Add(e.ToLocatedError());
                }
            }
        }
        if (errors.Count > 0) return new ChartRender([], errors);

        var manifests = new List<SourceFile>();
        var capabilities = HelmObjects.Capabilities();
        var release = HelmObjects.Release(releaseName, @namespace);
        foreach (var unit in units.Where(u => u.Chart.Type != "library"))
        {
            var chartObject = HelmObjects.Chart(unit.Chart, unit.Name);
            var files = new ChartFiles(unit.Chart.Files);
            foreach (var template in unit.Chart.RenderedTemplates)
            {
                var parsedTemplate = parsed[(unit, template)];
                var data = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["Values"] = unit.Values, ["Release"] = release, ["Chart"] = chartObject, ["Capabilities"] = capabilities,
                    ["Files"] = files,
                    ["Template"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["Name"] = parsedTemplate.Source.Name, ["BasePath"] = $"{unit.NamePrefix}/templates",
                    },
                };
                try
                {
                    var output = new TemplateExecution(library).Render(parsedTemplate, data);
                    if (string.IsNullOrWhiteSpace(output.Text)) continue;
                    manifests.Add(new SourceFile(parsedTemplate.Source.File, output.Text) { TemplateLines = new ValueList<int>(output.TemplateLines) });
                }
                catch (TemplateException e)
                {
                    errors.Add(e.ToLocatedError());
                }
            }
        }
        return new ChartRender(errors.Count == 0 ? manifests : [], errors);
    }

    /// <summary>
    /// Adds the chart and its enabled subcharts. A subchart's values are its own defaults overridden
    /// by the parent's values under its name (or alias); <c>global</c> flows down to every subchart.
    /// </summary>
    private static void Collect(HelmChart chart, string name, Dictionary<string, object?> values, string namePrefix, int depth, List<Unit> units)
    {
        units.Add(new Unit(chart, name, values, namePrefix, depth));
        foreach (var sub in chart.Subcharts)
        {
            var dependency = chart.Dependencies.FirstOrDefault(d => d.Name == sub.Name);
            var key = dependency is { Alias.Length: > 0 } ? dependency.Alias : sub.Name;
            if (!IsEnabled(dependency, values)) continue;

            var (defaults, _) = ValueYaml.ParseMap(sub.ValuesYaml, $"{sub.SourceName}/values.yaml");
            var scoped = values.TryGetValue(key, out var own) && own is IDictionary<string, object?> ownMap ? ownMap : TemplateValues.NewMap();
            var subValues = ValueMerge.Override(defaults, scoped);
            var global = TemplateValues.NewMap();
            if (subValues.TryGetValue("global", out var g) && g is IDictionary<string, object?> subGlobal) global = ValueMerge.Override(global, subGlobal);
            if (values.TryGetValue("global", out var pg) && pg is IDictionary<string, object?> parentGlobal) global = ValueMerge.Override(global, parentGlobal);
            subValues["global"] = global;
            Collect(sub, key, subValues, $"{namePrefix}/charts/{sub.Name}", depth + 1, units);
        }
    }

    /// <summary>Helm's rule: the first condition path that holds a boolean decides; otherwise <c>enabled</c>.</summary>
    private static bool IsEnabled(ChartDependency? dependency, Dictionary<string, object?> values)
    {
        if (dependency is null) return true;
        foreach (var path in dependency.Condition.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            object? node = values;
            foreach (var part in path.Split('.'))
            {
                node = node is IDictionary<string, object?> map && map.TryGetValue(part, out var next) ? next : null;
            }
            if (node is bool enabled) return enabled;
        }
        return dependency.Enabled;
    }

    private static ChartRender Failed(LocatedError error) => new([], [error]);
}
