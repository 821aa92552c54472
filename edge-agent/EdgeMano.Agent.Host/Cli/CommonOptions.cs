using System.CommandLine;
using EdgeMano.Agent.Host.Configuration;

namespace EdgeMano.Agent.Host.Cli;

/// <summary>The setting flags every verb takes, generated from the one settings table.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = $"Config file (default {AgentSettings.DefaultConfigPath}; env EDGEMANO_CONFIG)",
        HelpName = "PATH",
    };

    private readonly List<(SettingDefinition Definition, Option<string?> Option)> _settings =
        SettingDefinitions.All.Select(d => (d, new Option<string?>(d.Flag) { Description = $"{d.Help} [env {d.Env}]", HelpName = "VALUE" })).ToList();

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        foreach (var (_, option) in _settings) command.Options.Add(option);
    }

    /// <summary>Settings for this invocation: flags over environment over config file over defaults.</summary>
    public AgentSettings Load(ParseResult parse)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (definition, option) in _settings)
            if (parse.GetValue(option) is { } value) flags[definition.Key] = value;
        return SettingsLoader.Load(parse.GetValue(Config), flags, Environment.GetEnvironmentVariable);
    }
}

/// <summary>Exit codes of every verb.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something failed at run time (store, runtime, daemon).</summary>
    public const int Failure = 1;
    /// <summary>Bad input: arguments, config, desired-state file. Nothing was changed.</summary>
    public const int BadInput = 2;
}
