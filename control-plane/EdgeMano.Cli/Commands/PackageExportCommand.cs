using System.CommandLine;
using EdgeMano.Cli.Api;

namespace EdgeMano.Cli.Commands;

/// <summary>
/// `edgemano packages export NAME VERSION -o FILE`: writes the package's bytes exactly as they were
/// onboarded. Its `-o` is the file, not the output format (the bytes have no table form).
/// </summary>
internal static class PackageExportCommand
{
    public static Command Create(GlobalOptions global, CliHost host)
    {
        var name = PackagesCommand.NameArgument("The package's name");
        var version = PackagesCommand.VersionArgument("The version to export");
        var file = new Option<string>("--output", "-o")
        {
            Description = "The file to write (an existing file is kept unless --force)",
            HelpName = "FILE",
            Required = true,
        };
        var force = new Option<bool>("--force") { Description = "Overwrite FILE when it exists" };
        var command = new CommandWithExamples("export", "Write an onboarded package's content, byte for byte as it was onboarded, to a file") { name, version, file, force };
        command.Examples.AddRange(["edgemano packages export edge-web 1.2.0 -o edge-web-1.2.0.csar", "edgemano packages export edge-web 1.2.0 -o edge-web.csar --force"]);
        command.SetAction(async (parse, ct) =>
        {
            var (n, v, target, overwrite) = (parse.GetValue(name)!, parse.GetValue(version)!, parse.GetValue(file)!, parse.GetValue(force));
            CheckTarget(target, overwrite);
            using var plane = global.Connect(parse, host);
            var answer = await plane.GetBytesAsync(PackagesCommand.PathOf(n, v) + "/content", ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, PackagesCommand.Describe(n, v));
            await WriteAsync(target, answer.Body, overwrite, ct).ConfigureAwait(false);
            await host.Out.WriteLineAsync($"package {n} {v} exported to {target} ({answer.Body.Length} bytes)").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Refuses before downloading: a directory, a missing parent, or an existing file without --force.</summary>
    private static void CheckTarget(string target, bool overwrite)
    {
        if (target.Trim().Length == 0) throw CliException.BadInput("--output: the file name is empty");
        if (Directory.Exists(target)) throw CliException.BadInput($"{target}: is a directory; expected a file name for the package");
        if (File.Exists(target) && !overwrite) throw Exists(target);
        var parent = Path.GetDirectoryName(Path.GetFullPath(target));
        if (parent is not null && !Directory.Exists(parent)) throw CliException.BadInput($"{target}: the directory {parent} does not exist");
    }

    /// <summary>Writes next to the target and renames, so a failed write never leaves half a package under its name.</summary>
    private static async Task WriteAsync(string target, byte[] body, bool overwrite, CancellationToken ct)
    {
        var full = Path.GetFullPath(target);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            await File.WriteAllBytesAsync(temp, body, ct).ConfigureAwait(false);
            File.Move(temp, full, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(full))
        {
            throw Exists(target);
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.Failure($"{target}: permission denied");
        }
        catch (IOException ex)
        {
            throw CliException.Failure($"{target}: cannot write: {ex.Message}");
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a leftover .partial file; the outcome was already decided above.
        }
    }

    private static CliException Exists(string target) => CliException.BadInput($"{target}: the file exists; nothing was written (use --force to overwrite it)");
}
