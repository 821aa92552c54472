using System.CommandLine;
using EdgeMano.Cli.Api;
using EdgeMano.Cli.Output;
using EdgeMano.Cli.Packages;

namespace EdgeMano.Cli.Commands;

/// <summary>`edgemano packages onboard|list|get|export|delete`: the plane's CNF package catalogue.</summary>
internal static class PackagesCommand
{
    public const string Root = "api/v1/packages";

    public static Command Create(GlobalOptions global, CliHost host)
    {
        var packages = new Command("packages", "Onboard CNF packages (CSAR, OSM KNF, EdgeMano CnfPackage), list, show, export or delete them; deploy one with `package:` in a deployment file")
        {
            PackageOnboardCommand.Create(global, host),
            List(global, host),
            Get(global, host),
            PackageExportCommand.Create(global, host),
            Delete(global, host),
        };
        packages.Aliases.Add("package");
        packages.Aliases.Add("pkg");
        return packages;
    }

    /// <summary>api/v1/packages/NAME[/VERSION], each part escaped as one path segment.</summary>
    public static string PathOf(string name, string? version = null) =>
        $"{Root}/{Uri.EscapeDataString(name)}" + (version is null ? "" : "/" + Uri.EscapeDataString(version));

    /// <summary>"package 'edge-web' version '1.2.0'" for messages such as "... not found".</summary>
    public static string Describe(string name, string? version) =>
        version is null ? $"package '{name}'" : $"package '{name}' version '{version}'";

    public static Argument<string> NameArgument(string description) => Arguments.PackagePart("NAME", "name", description);

    public static Argument<string> VersionArgument(string description) => Arguments.PackagePart("VERSION", "version", description);

    private static Command List(GlobalOptions global, CliHost host)
    {
        var command = new CommandWithExamples("list", "List onboarded packages, sorted by name then version: format, provider, VDUs, the deployments using each");
        command.Aliases.Add("ls");
        command.Examples.AddRange(["edgemano packages list", "edgemano packages list -o yaml"]);
        command.SetAction(async (parse, ct) =>
        {
            using var plane = global.Connect(parse, host);
            var answer = await plane.GetAsync(Root, ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, $"{plane.Display}/{Root} (is that a plane with packages?)");
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var list = PlaneProblems.Read(answer, CliJsonContext.Default.ItemListPackageDto, "GET /" + Root);
            if (list.Items.Count == 0)
                await host.Error.WriteLineAsync("No packages found.").ConfigureAwait(false);
            else
                await host.Out.WriteAsync(PackageTables.List(list.Items, host.Time.GetUtcNow())).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(GlobalOptions global, CliHost host)
    {
        var name = NameArgument("The package's name");
        var version = VersionArgument("One version; without it, every version of the package");
        version.Arity = ArgumentArity.ZeroOrOne;
        var command = new CommandWithExamples("get", "Show a package in detail: identity, digest, the deployments using it, its VDUs (workloads, connection points), virtual links and notes")
        {
            name, version,
        };
        command.Examples.AddRange(["edgemano packages get edge-web 1.2.0", "edgemano packages get edge-web          # every version", "edgemano packages get edge-web 1.2.0 -o json"]);
        command.SetAction(async (parse, ct) =>
        {
            var (n, v) = (parse.GetValue(name)!, parse.GetValue(version));
            using var plane = global.Connect(parse, host);
            var path = PathOf(n, v);
            var answer = await plane.GetAsync(path, ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, Describe(n, v));
            if (await Printer.TryPrintRawAsync(host, global.FormatOf(parse), answer.Body).ConfigureAwait(false)) return ExitCodes.Ok;

            var now = host.Time.GetUtcNow();
            var packages = v is null
                ? PlaneProblems.Read(answer, CliJsonContext.Default.ItemListPackageDto, "GET /" + path).Items
                : [PlaneProblems.Read(answer, CliJsonContext.Default.PackageDto, "GET /" + path)];
            if (packages.Count == 0) throw CliException.Failure($"{Describe(n, v)} not found");
            await host.Out.WriteAsync(string.Join("\n", packages.Select(p => PackageTables.Get(p, now, PackageErrors.Note)))).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(GlobalOptions global, CliHost host)
    {
        var name = NameArgument("The package's name");
        var version = VersionArgument("The version to delete (other versions stay)");
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "Succeed (exit 0) when the package version does not exist" };
        var command = new CommandWithExamples("delete", "Delete one onboarded package version; refused while a deployment uses it") { name, version, ignoreNotFound };
        command.Examples.Add("edgemano packages delete edge-web 1.2.0");
        command.SetAction(async (parse, ct) =>
        {
            var (n, v) = (parse.GetValue(name)!, parse.GetValue(version)!);
            using var plane = global.Connect(parse, host);
            var answer = await plane.DeleteAsync(PathOf(n, v), ct).ConfigureAwait(false);
            if (answer.Status == 404 && parse.GetValue(ignoreNotFound)) return ExitCodes.Ok;
            if (answer.Status == 409) throw await InUseAsync(plane, n, v, answer, ct).ConfigureAwait(false);
            PlaneProblems.EnsureSuccess(answer, Describe(n, v));
            await host.Out.WriteLineAsync($"package {n} {v} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>409 on delete: names the deployments (from the problem, else from the package itself).</summary>
    private static async Task<CliException> InUseAsync(PlaneClient plane, string name, string version, PlaneAnswer answer, CancellationToken ct)
    {
        var problem = PlaneProblems.TryRead(answer);
        var usedBy = problem?.UsedBy is { Count: > 0 } fromProblem ? fromProblem : await UsedByAsync(plane, name, version, ct).ConfigureAwait(false);
        if (usedBy.Count == 0)
            return CliException.Failure($"package {name} {version} is in use, the plane refused to delete it (409 {answer.Reason}): {PlaneProblems.Summary(answer, problem)}");
        var list = string.Join(", ", usedBy.Select(d => "deployment/" + d));
        return CliException.Failure(
            $"package {name} {version} is in use by {list}; nothing was deleted. Delete those deployments or deploy another version first (edgemano deployments delete NAME)");
    }

    private static async Task<IReadOnlyList<string>> UsedByAsync(PlaneClient plane, string name, string version, CancellationToken ct)
    {
        var path = PathOf(name, version);
        var answer = await plane.GetAsync(path, ct).ConfigureAwait(false);
        if (!answer.IsSuccess) return [];
        try
        {
            return PlaneProblems.Read(answer, CliJsonContext.Default.PackageDto, "GET /" + path).UsedBy;
        }
        catch (CliException)
        {
            return [];
        }
    }
}
