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

var mosquittoPort = new Option<int>("--port") { Description = "Port Mosquitto listens on", DefaultValueFactory = _ => 1883 };
var mosquittoData = new Option<string?>("--persistence-dir") { Description = "Where Mosquitto keeps retained messages (default: persistence off)" };
var mosquitto = new Command("mosquitto-config", "Print a Mosquitto configuration sized for an EdgeMano fleet (use with --broker)") { mosquittoPort, mosquittoData };
mosquitto.SetAction(parse =>
{
    var port = parse.GetValue(mosquittoPort);
    if (port is < 1 or > 65535) { Console.Error.WriteLine($"--port: expected 1-65535, got {port}"); return 2; }
    Console.Out.Write(MosquittoConfig.Render(port, parse.GetValue(mosquittoData)));
    return 0;
});
root.Subcommands.Add(mosquitto);

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
