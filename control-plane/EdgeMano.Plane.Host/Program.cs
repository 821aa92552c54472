using System.CommandLine;
using EdgeMano.Agent.Core.Configuration;
using EdgeMano.Plane.Host;
using EdgeMano.Plane.Host.Configuration;

// edgemano-plane: the EdgeMano control plane. Every failure an operator can cause or meet ends in
// a one-line message and an exit code (2 bad input, 1 failure), never a stack trace.
var config = new Option<string?>("--config") { Description = $"Config file (default {PlaneSettings.DefaultConfigPath}; also EDGEMANO_CONFIG)" };
var options = PlaneSettingsLoader.All.ToDictionary(s => s.Key, s => new Option<string?>(s.Flag) { Description = $"{s.Help} [{s.Env}]" });
var root = new RootCommand("EdgeMano control plane: deployments -> per-node desired state, delivered over MQTT (embedded broker by default) and gRPC; REST /api/v1 and the console on one port.");
root.Options.Add(config);
foreach (var option in options.Values) root.Options.Add(option);

var exitCode = 0;
root.SetAction(async (parse, ct) =>
{
    var flags = options.Where(o => parse.GetValue(o.Value) is not null).ToDictionary(o => o.Key, o => parse.GetValue(o.Value)!);
    var settings = PlaneSettingsLoader.Load(parse.GetValue(config), flags, Environment.GetEnvironmentVariable);
    exitCode = await PlaneApp.RunAsync(settings, ct);
});

try
{
    var parse = root.Parse(args);
    var code = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    return parse.Errors.Count > 0 ? 2 : code != 0 ? code : exitCode;
}
catch (SettingsException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
catch (PlaneStartException ex)
{
    await Console.Error.WriteLineAsync($"edgemano-plane: {ex.Message}");
    return 1;
}
catch (Exception ex)
{
    await Console.Error.WriteLineAsync($"edgemano-plane: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
