using System.Text;
using EdgeMano.Cli.Commands;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EdgeMano.Cli.Deploy;

/// <summary>
/// A deployment file as the operator wrote it: the bytes go to the plane untouched (so the plane's
/// line/column numbers point into this file), and only its top-level <c>name:</c> is read here,
/// because the PUT URL needs it.
/// </summary>
internal sealed record DeploymentFile(string Source, byte[] Body, string Name)
{
    public const string Stdin = "-";

    public static async Task<DeploymentFile> ReadAsync(string path, CliHost host, CancellationToken ct)
    {
        var (source, body) = path == Stdin
            ? ("<stdin>", Encoding.UTF8.GetBytes(await host.In.ReadToEndAsync(ct).ConfigureAwait(false)))
            : (path, await ReadFileAsync(path, ct).ConfigureAwait(false));
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(body).TrimStart('\uFEFF');
        return new DeploymentFile(source, body, FindName(text, source));
    }

    /// <summary>The value of the top-level <c>name:</c> key, or bad input located in the file.</summary>
    internal static string FindName(string text, string source)
    {
        string At(Mark mark) => $"{source}:{mark.Line}:{mark.Column}";
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
                throw CliException.BadInput($"{source}:1:1: the file is empty; expected a deployment (name, selector, workloads)");
            parser.Consume<DocumentStart>();
            if (!parser.TryConsume<MappingStart>(out var mapping))
                throw CliException.BadInput($"{At(parser.Current!.Start)}: expected a deployment: a mapping with name, selector and workloads");

            // Stop at the first name: whatever else is wrong in the file, the plane reports all at once.
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (parser.TryConsume<Scalar>(out var key) && key.Value == "name") return NameValue(parser, source, At);
                if (key is null) parser.SkipThisAndNestedEvents();
                parser.SkipThisAndNestedEvents();
            }
            throw CliException.BadInput($"{At(mapping.Start)}: name: required: the deployment has no top-level `name:` (edgemano deploy needs it for PUT /api/v1/deployments/NAME)");
        }
        catch (YamlException ex)
        {
            throw CliException.BadInput($"{At(ex.Start)}: invalid YAML: {Describe(ex)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18.1 throws this (not a YamlException) for some malformed flow collections.
            throw CliException.BadInput($"{source}: invalid YAML: the parser could not continue; look for an unclosed '[', '{{' or quote");
        }
    }

    private static string NameValue(Parser parser, string source, Func<Mark, string> at)
    {
        if (!parser.TryConsume<Scalar>(out var value))
            throw CliException.BadInput($"{at(parser.Current!.Start)}: name: must be a string ({Arguments.DnsLabelRule})");
        var name = value.Value;
        if (value.Style == ScalarStyle.Plain && name is "" or "~" or "null" or "Null" or "NULL")
            throw CliException.BadInput($"{at(value.Start)}: name: required: the deployment's name is empty");
        if (!Arguments.IsDnsLabel(name))
            throw CliException.BadInput($"{at(value.Start)}: name: must be {Arguments.DnsLabelRule}, got '{name}'");
        return name;
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken ct)
    {
        if (Directory.Exists(path)) throw CliException.BadInput($"{path}: is a directory; expected a deployment YAML file");
        try
        {
            return await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CliException.BadInput($"{path}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{path}: permission denied");
        }
        catch (IOException ex)
        {
            throw CliException.BadInput($"{path}: cannot read: {ex.Message}");
        }
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet's message may repeat the position as "(Line: 3, Col: 1, Idx: 20) - (...): "; the prefix says it already.
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0) message = message[(cut + 3)..];
        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "syntax error";
    }
}
