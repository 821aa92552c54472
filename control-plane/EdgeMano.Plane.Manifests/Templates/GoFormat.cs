using System.Globalization;
using System.Text;

namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>
/// Go's <c>fmt.Sprintf</c>, <c>Sprint</c> and <c>Sprintln</c> for the verbs charts use:
/// <c>%v %s %d %q %t %f %e %g %x %X %o %c %T %%</c> with flags <c>- + 0 space #</c>, width and precision.
/// Mistakes print as Go prints them (<c>%!d(string=x)</c>, <c>%!v(MISSING)</c>) instead of failing.
/// </summary>
internal static class GoFormat
{
    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var minus = false; var plus = false; var zero = false; var space = false; var sharp = false;
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '-': minus = true; continue;
                    case '+': plus = true; continue;
                    case '0': zero = true; continue;
                    case ' ': space = true; continue;
                    case '#': sharp = true; continue;
                }
                break;
            }
            var width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.') { i++; precision = ReadNumber(format, ref i) ?? 0; }
            if (i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var verb = format[i];
            if (verb == '%') { sb.Append('%'); continue; }
            if (next >= args.Count) { sb.Append("%!").Append(verb).Append("(MISSING)"); continue; }
            var text = FormatOne(verb, args[next++], precision, plus, space, sharp);
            sb.Append(Pad(text, width, minus, zero && !minus && verb is not ('s' or 'q' or 'v' or 'c')));
        }
        if (next < args.Count)
        {
            sb.Append("%!(EXTRA ");
            sb.Append(string.Join(", ", args.Skip(next).Select(a => $"{TemplateValues.TypeOf(a)}={TemplateValues.ToText(a)}")));
            sb.Append(')');
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>Sprint</c>: a space between operands when neither side is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) sb.Append(' ');
            sb.Append(PrintText(args[i]));
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>Sprintln</c>: spaces between all operands and a newline.</summary>
    public static string Sprintln(IReadOnlyList<object?> args) => string.Join(" ", args.Select(PrintText)) + "\n";

    /// <summary>fmt prints a nil operand as &lt;nil&gt; (only template output drops it).</summary>
    private static string PrintText(object? value) => value is null ? "<nil>" : TemplateValues.ToText(value);

    private static string FormatOne(char verb, object? arg, int? precision, bool plus, bool space, bool sharp)
    {
        switch (verb)
        {
            case 'v':
                if (arg is double dv && precision is null) return Sign(dv >= 0, plus, space) + TemplateValues.FormatFloat(dv);
                return PrintText(arg);
            case 's':
                var s = arg is string str ? str : PrintText(arg);
                return precision is { } p && p < s.Length ? s[..p] : s;
            case 'q':
                return arg is long or int ? "'" + (char)TemplateValues.ToLong(arg) + "'" : TemplateValues.Quote(arg as string ?? PrintText(arg));
            case 'T':
                return TemplateValues.TypeOf(arg);
            case 't':
                return arg is bool b ? (b ? "true" : "false") : Bad(verb, arg);
            case 'd':
                // Helm decodes every YAML number as float64; integral ones format as integers here
                // because this engine keeps YAML integers as integers and charts mix both.
                if (arg is double whole && whole == Math.Floor(whole) && Math.Abs(whole) < 9e18) arg = (long)whole;
                return arg is long or int ? Sign(TemplateValues.ToLong(arg) >= 0, plus, space) + TemplateValues.ToLong(arg).ToString(CultureInfo.InvariantCulture) : Bad(verb, arg);
            case 'c':
                return arg is long or int ? ((char)TemplateValues.ToLong(arg)).ToString() : Bad(verb, arg);
            case 'x' or 'X' or 'o':
                return Radix(verb, arg, sharp);
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G':
                if (arg is not (double or long or int)) return Bad(verb, arg);
                var d = TemplateValues.ToDouble(arg);
                return Sign(d >= 0, plus, space) + Real(verb, d, precision);
            default:
                return $"%!{verb}({TemplateValues.TypeOf(arg)}={PrintText(arg)})";
        }
    }

    private static string Real(char verb, double d, int? precision)
    {
        var ci = CultureInfo.InvariantCulture;
        switch (char.ToLowerInvariant(verb))
        {
            case 'f': return d.ToString("F" + (precision ?? 6), ci);
            case 'e':
                var e = d.ToString((verb == 'E' ? "E" : "e") + (precision ?? 6), ci);
                // .NET writes e+006; Go writes e+06.
                var at = e.IndexOfAny(['e', 'E']);
                var exp = int.Parse(e[(at + 1)..], ci);
                return $"{e[..(at + 1)]}{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
            default:
                return precision is { } p ? d.ToString("G" + p, ci) : TemplateValues.FormatFloat(d);
        }
    }

    private static string Radix(char verb, object? arg, bool sharp)
    {
        if (arg is string s)
        {
            var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(s));
            return verb == 'x' ? hex.ToLowerInvariant() : hex;
        }
        if (arg is not (long or int)) return Bad(verb, arg);
        var n = TemplateValues.ToLong(arg);
        var magnitude = (ulong)Math.Abs(n);
        var digits = verb == 'o' ? Convert.ToString((long)magnitude, 8) : magnitude.ToString(verb == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
        var prefix = !sharp ? "" : verb == 'o' ? "0" : verb == 'x' ? "0x" : "0X";
        return (n < 0 ? "-" : "") + prefix + digits;
    }

    private static string Sign(bool positive, bool plus, bool space) => !positive ? "" : plus ? "+" : space ? " " : "";

    private static string Bad(char verb, object? arg) => $"%!{verb}({TemplateValues.TypeOf(arg)}={PrintText(arg)})";

    private static string Pad(string text, int? width, bool left, bool zeros)
    {
        if (width is not { } w || text.Length >= w) return text;
        if (left) return text.PadRight(w);
        if (!zeros) return text.PadLeft(w);
        var signed = text.Length > 0 && text[0] is '-' or '+';
        return signed ? text[0] + text[1..].PadLeft(w - 1, '0') : text.PadLeft(w, '0');
    }

    private static int? ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start ? int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }
}
