using System.CommandLine;
using System.Text;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;
using EdgeMano.Cli.Packages;

namespace EdgeMano.Cli.Commands;

/// <summary>
/// `edgemano packages onboard PATH`: sends a package file as it is, or a directory zipped, to
/// POST /api/v1/packages?filename=NAME. The plane reads it whole and answers with every problem at
/// once, each in a file of the package; they are printed as FILE:LINE:COL: path: message.
/// </summary>
internal static class PackageOnboardCommand
{
    public static Command Create(GlobalOptions global, CliHost host)
    {
        var path = new Argument<string>("PATH")
        {
            Description = "A package file (zip/CSAR, .tar.gz/.tgz, or one descriptor .yaml/.yml) sent as it is, "
                + $"or a directory (an unzipped CSAR) which is zipped first; at most {PackageUpload.Describe(PackageUpload.MaxBytes)}",
        };
        var command = new CommandWithExamples("onboard", "Onboard a CNF package: the plane checks it whole and stores it by name, version and digest; onboarding the same package again changes nothing")
        {
            path,
        };
        command.Examples.AddRange(
        [
            "edgemano packages onboard edge-web-1.2.0.csar",
            "edgemano packages onboard ./edge-web/            # a directory: zipped, then sent",
            "edgemano packages onboard knf.tar.gz -o json",
        ]);
        command.SetAction(async (parse, ct) =>
        {
            var upload = await PackageUpload.ReadAsync(parse.GetValue(path)!, ct).ConfigureAwait(false);
            using var plane = global.Connect(parse, host);
            var url = PackagesCommand.Root + "?filename=" + Uri.EscapeDataString(upload.FileName);
            var answer = await plane.PostAsync(url, upload.Body, upload.ContentType, ct).ConfigureAwait(false);
            if (!answer.IsSuccess) return await RefusedAsync(host, plane, upload, answer).ConfigureAwait(false);

            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;
            var package = PlaneProblems.Read(answer, CliJsonContext.Default.PackageDto, "POST /" + PackagesCommand.Root);
            // docs/api.md: 201 created, 200 unchanged (same name, version and digest).
            var verb = answer.Status == 201 ? "onboarded" : "unchanged";
            await host.Out.WriteLineAsync(PackageTables.Outcome(package, verb)).ConfigureAwait(false);
            foreach (var note in PackageErrors.Format(upload, package.Notes))
                await host.Error.WriteLineAsync("note: " + note).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A refused package: every error located in it, exit 2; any other failure as usual.</summary>
    private static async Task<int> RefusedAsync(CliHost host, PlaneClient plane, PackageUpload upload, PlaneAnswer answer)
    {
        if (answer.Status == 404)
            throw CliException.Failure($"the plane at {plane.Display} has no {PackagesCommand.Root} (404): is it older than package onboarding?");
        var conflict = answer.Status == 409;
        if (!conflict && !PlaneProblems.IsRefusedInput(answer.Status)) throw PlaneProblems.ToException(answer, $"{plane.Display}/{PackagesCommand.Root}");

        var problem = PlaneProblems.TryRead(answer);
        var b = new StringBuilder();
        if (!conflict && problem?.Errors is { Count: > 0 } errors)
        {
            foreach (var line in PackageErrors.Format(upload, errors)) b.Append(line).Append('\n');
            b.Append($"{errors.Count} error(s) in {upload.Source}; nothing was onboarded");
        }
        else
        {
            b.Append($"{upload.Source}: the plane refused it ({answer.Status} {answer.Reason}): {PlaneProblems.Summary(answer, problem)}; nothing was onboarded");
            if (conflict)
                b.Append("\nversions are immutable: this name and version are already onboarded with other content; give the package a new version and onboard it again");
        }
        await host.Error.WriteLineAsync(b.ToString()).ConfigureAwait(false);
        return ExitCodes.BadInput;
    }
}
