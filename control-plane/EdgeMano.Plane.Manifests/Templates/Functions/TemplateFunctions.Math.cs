using static EdgeMano.Plane.Manifests.Templates.TemplateValues;

namespace EdgeMano.Plane.Manifests.Templates.Functions;

/// <summary>sprig's arithmetic: integer functions truncate their operands to int64, the <c>...f</c> ones use floats.</summary>
internal static partial class TemplateFunctions
{
    private static void AddMath(Dictionary<string, TemplateFunction> t)
    {
        Add(t, "add", 0, -1, c => c.Args.Aggregate(0L, (sum, a) => sum + ToLong(a)));
        Add(t, "add1", 1, 1, c => ToLong(c.Args[0]) + 1);
        Add(t, "sub", 2, 2, c => ToLong(c.Args[0]) - ToLong(c.Args[1]));
        Add(t, "mul", 1, -1, c => c.Args.Aggregate(1L, (product, a) => product * ToLong(a)));
        Add(t, "div", 2, 2, c => ToLong(c.Args[1]) is var d && d != 0
            ? ToLong(c.Args[0]) / d
            : throw new TemplateFunctionException("error calling div: runtime error: integer divide by zero"));
        Add(t, "mod", 2, 2, c => ToLong(c.Args[1]) is var d && d != 0
            ? ToLong(c.Args[0]) % d
            : throw new TemplateFunctionException("error calling mod: runtime error: integer divide by zero"));
        Add(t, "max", 1, -1, c => c.Args.Max(ToLong));
        Add(t, "min", 1, -1, c => c.Args.Min(ToLong));
        Add(t, "addf", 0, -1, c => c.Args.Sum(ToDouble));
        Add(t, "subf", 1, -1, c => c.Args.Skip(1).Aggregate(ToDouble(c.Args[0]), (acc, a) => acc - ToDouble(a)));
        Add(t, "mulf", 1, -1, c => c.Args.Aggregate(1.0, (acc, a) => acc * ToDouble(a)));
        Add(t, "divf", 1, -1, c => c.Args.Skip(1).Aggregate(ToDouble(c.Args[0]), (acc, a) => acc / ToDouble(a)));
        Add(t, "floor", 1, 1, c => Math.Floor(ToDouble(c.Args[0])));
        Add(t, "ceil", 1, 1, c => Math.Ceiling(ToDouble(c.Args[0])));
        Add(t, "round", 2, 3, c => Math.Round(ToDouble(c.Args[0]), ToInt(c.Args[1]), MidpointRounding.AwayFromZero));
    }
}
