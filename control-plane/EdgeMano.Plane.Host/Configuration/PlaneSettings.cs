using System.Net;
using EdgeMano.Agent.Core.Configuration;

namespace EdgeMano.Plane.Host.Configuration;

public sealed record PlaneSettings
{
    public const string DefaultConfigPath = "/etc/edgemano/plane.yaml";
    public const string DefaultStateDir = "/var/lib/edgemano-plane";

    public string StateDir { get; init; } = DefaultStateDir;
    public IPAddress Listen { get; init; } = IPAddress.Any;
    public int HttpPort { get; init; } = 8080;
    public int MqttPort { get; init; } = 1883;
    /// <summary>External broker as host and port; null = the embedded broker.</summary>
    public BrokerAddress? Broker { get; init; }
    public string LogLevel { get; init; } = "info";
}

public sealed record BrokerAddress(string Host, int Port)
{
    public override string ToString() => $"mqtt://{Host}:{Port}";

    /// <summary>Parses mqtt://host:port (port default 1883); returns an error or null.</summary>
    public static string? TryParse(string text, out BrokerAddress? broker)
    {
        broker = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "mqtt" || uri.Host.Length == 0)
            return "expected mqtt://host:port";
        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0) return "expected mqtt://host:port with no path";
        broker = new BrokerAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 1883 : uri.Port);
        return null;
    }
}

/// <summary>The plane's settings: each a config-file key, a flag and an EDGEMANO_* variable.</summary>
internal static class PlaneSettingsLoader
{
    private static readonly HashSet<string> LogLevels = ["trace", "debug", "info", "information", "warning", "warn", "error"];

    public static readonly IReadOnlyList<Setting> All =
    [
        new("stateDir", "--state-dir", "EDGEMANO_STATE_DIR", $"Directory for plane.db (default {PlaneSettings.DefaultStateDir})", v => v.Length == 0 ? "must not be empty" : null),
        new("listen", "--listen", "EDGEMANO_LISTEN", "Address the HTTP port and the embedded broker bind (default 0.0.0.0)", v => IPAddress.TryParse(v, out _) ? null : "expected an IP address"),
        new("httpPort", "--http-port", "EDGEMANO_HTTP_PORT", "Port for REST /api/v1, gRPC and the console (default 8080)", CheckPort),
        new("mqttPort", "--mqtt-port", "EDGEMANO_MQTT_PORT", "Port of the embedded MQTT broker (default 1883; unused with --broker)", CheckPort),
        new("broker", "--broker", "EDGEMANO_BROKER", "External MQTT broker mqtt://host:port instead of the embedded one", v => BrokerAddress.TryParse(v, out _)),
        new("logLevel", "--log-level", "EDGEMANO_LOG_LEVEL", "trace | debug | info | warning | error (default info)", v => LogLevels.Contains(v.ToLowerInvariant()) ? null : "expected trace, debug, info, warning or error"),
    ];

    public static PlaneSettings Load(string? configPath, IReadOnlyDictionary<string, string> flags, Func<string, string?> getEnv)
    {
        var explicitConfig = configPath ?? getEnv("EDGEMANO_CONFIG");
        var path = explicitConfig ?? PlaneSettings.DefaultConfigPath;
        var earlier = new List<string>();
        string? text = null;
        try
        {
            if (File.Exists(path)) text = File.ReadAllText(path);
            else if (explicitConfig is not null) earlier.Add($"{path}: config file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            earlier.Add($"{path}: cannot read config file: {ex.Message}");
        }
        var values = SettingsMerge.Merge(All, text, path, flags, getEnv, earlier);
        string? Get(string key) => values.GetValueOrDefault(key);
        BrokerAddress? broker = null;
        if (Get("broker") is { Length: > 0 } b) BrokerAddress.TryParse(b, out broker);
        return new PlaneSettings
        {
            StateDir = Path.GetFullPath(Get("stateDir") ?? PlaneSettings.DefaultStateDir),
            Listen = Get("listen") is { } l ? IPAddress.Parse(l) : IPAddress.Any,
            HttpPort = Get("httpPort") is { } h ? int.Parse(h) : 8080,
            MqttPort = Get("mqttPort") is { } m ? int.Parse(m) : 1883,
            Broker = broker,
            LogLevel = (Get("logLevel") ?? "info").ToLowerInvariant(),
        };
    }

    private static string? CheckPort(string v) =>
        int.TryParse(v, out var p) && p is >= 1 and <= 65535 ? null : "expected a port number 1-65535";
}
