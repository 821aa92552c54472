using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Agent.Core.Tests.Yaml;

/// <summary>The generic reader, used the way an agent config file would use it.</summary>
public sealed class YamlDocumentReaderTests
{
    private static readonly string[] ConfigKeys = ["nodeId", "port", "verbose", "interval", "maxLog", "cpu", "tags", "env", "store"];
    private static readonly string[] StoreKeys = ["path", "sync"];

    private sealed record Config(string? NodeId, int? Port, bool? Verbose, TimeSpan? Interval, long? MaxLog, double? Cpu,
        IReadOnlyList<string>? Tags, IReadOnlyList<KeyValuePair<string, string>>? Env, string? StorePath);

    private static (Config? Config, IReadOnlyList<string> Errors) ReadConfig(string yaml)
    {
        var reader = YamlDocumentReader.Load(yaml, "agent.yaml");
        Config? config = null;
        if (reader.Root?.AsMapping(ConfigKeys) is { } m)
        {
            var store = m.Mapping("store", StoreKeys);
            config = new Config(m.String("nodeId", required: true), m.Int32("port", min: 1, max: 65535), m.Bool("verbose"),
                m.Duration("interval"), m.ByteSize("maxLog"), m.Cpu("cpu"), m.StringList("tags"), m.StringMap("env"),
                store?.String("path", required: true));
        }
        return (config, reader.Errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Load_AllKindsOfValues_ReadsThem()
    {
        var (config, errors) = ReadConfig("""
            nodeId: edge-7
            port: 8443
            verbose: true
            interval: 1m30s
            maxLog: 64Mi
            cpu: 250m
            tags: [a, "b"]
            env: {A: "1", B: ~}
            store: {path: /var/lib/edgemano}
            """);

        Assert.Empty(errors);
        Assert.Equal(new Config("edge-7", 8443, true, TimeSpan.FromSeconds(90), 64L << 20, 0.25,
            config!.Tags, config.Env, "/var/lib/edgemano"), config);
        Assert.Equal(["a", "b"], config.Tags!);
        Assert.Equal([new("A", "1"), new("B", "")], config.Env!);
    }

    [Fact]
    public void Load_UnknownField_NamesItListsAllowedAndSuggests()
    {
        var (_, errors) = ReadConfig("""
            nodeId: edge-7
            prot: 8443
            """);

        Assert.Equal(["agent.yaml:2:1: prot: unknown field 'prot' (did you mean 'port'?); allowed: nodeId, port, verbose, interval, maxLog, cpu, tags, env, store"], errors);
    }

    [Fact]
    public void Load_UnknownFieldFarFromAnyKey_NoSuggestion()
    {
        var (_, errors) = ReadConfig("nodeId: a\nstore: {path: /x, compression: zstd}\n");

        Assert.Equal(["agent.yaml:2:19: store.compression: unknown field 'compression'; allowed: path, sync"], errors);
    }

    [Fact]
    public void Load_WrongTypes_ReportsEachWithExpectedAndActual()
    {
        var (_, errors) = ReadConfig("""
            nodeId: [a, b]
            port: abc
            verbose: yes
            interval: 10x
            tags: {a: 1}
            store: /var/lib
            """);

        Assert.Equal([
            "agent.yaml:1:9: nodeId: expected a string, got a list",
            "agent.yaml:2:7: port: expected a number, got 'abc'",
            "agent.yaml:3:10: verbose: expected true or false, got 'yes'",
            "agent.yaml:4:11: interval: expected a duration like 500ms, 10s, 5m or 1h (a plain number is seconds), got '10x'",
            "agent.yaml:5:7: tags: expected a list, got a mapping",
            "agent.yaml:6:8: store: expected a mapping, got '/var/lib'",
        ], errors);
    }

    [Fact]
    public void Load_IntOutOfRange_SaysRange()
    {
        var (_, errors) = ReadConfig("nodeId: a\nport: 70000\n");

        Assert.Equal(["agent.yaml:2:7: port: must be between 1 and 65535, got 70000"], errors);
    }

    [Fact]
    public void Load_RequiredFieldMissing_LocatedAtEnclosingMapping()
    {
        var (_, errors) = ReadConfig("port: 1\nstore:\n  sync: true\n");

        Assert.Equal([
            "agent.yaml:1:1: nodeId: required field 'nodeId' is missing",
            "agent.yaml:3:3: store.path: required field 'path' is missing",
        ], errors);
    }

    [Fact]
    public void Load_BadIndentation_SyntaxErrorAtMark()
    {
        var reader = YamlDocumentReader.Load("a:\n  - x\n b: 1\n", "agent.yaml");

        Assert.Null(reader.Root);
        var error = Assert.Single(reader.Errors);
        Assert.Equal(new LocatedError("agent.yaml", 3, 2, "", "invalid YAML: while parsing a block mapping, did not find expected key"), error);
        Assert.Equal("agent.yaml:3:2: invalid YAML: while parsing a block mapping, did not find expected key", error.ToString());
    }

    [Fact]
    public void Load_UnclosedFlowSequence_LocatedErrorInsteadOfCrash()
    {
        // YamlDotNet 18.1 throws InvalidOperationException here rather than a YamlException.
        var reader = YamlDocumentReader.Load("a: [1, 2\nb: x\n", "agent.yaml");

        Assert.Equal(["agent.yaml:2:1: invalid YAML: the parser could not continue here; look for an unclosed '[', '{' or quote before this point"],
            reader.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_DuplicateKey_Reported()
    {
        var reader = YamlDocumentReader.Load("a: 1\na: 2\n", "agent.yaml");

        Assert.Equal(["agent.yaml:2:1: invalid YAML: duplicate key 'a'"], reader.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Load_EmptyText_Reported(string text)
    {
        var reader = YamlDocumentReader.Load(text, "agent.yaml");

        Assert.Null(reader.Root);
        Assert.Equal(["agent.yaml:1:1: the file is empty; expected a YAML document"], reader.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_TwoDocuments_SecondReported()
    {
        var reader = YamlDocumentReader.Load("a: 1\n---\nb: 2\n", "agent.yaml");

        Assert.NotNull(reader.Root);
        Assert.Equal(["agent.yaml:3:1: only one YAML document is allowed per file; another one starts here"], reader.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Locate_PathNotInFile_FallsBackToClosestAncestor()
    {
        var reader = YamlDocumentReader.Load("store:\n  path: /x\n", "agent.yaml");
        reader.Root!.AsMapping(null)!.Mapping("store", StoreKeys)!.String("path");

        Assert.Equal(new SourcePosition(2, 9), reader.PositionOf("store.path"));
        Assert.Equal(new SourcePosition(2, 3), reader.PositionOf("store.sync"));
        Assert.Equal("agent.yaml:2:3: store.sync: is wrong", reader.Locate("store.sync", "is wrong").ToString());
        Assert.Equal(new SourcePosition(1, 1), reader.PositionOf("other"));
    }

    [Fact]
    public void LocatedError_NoPosition_OmitsLineAndColumn()
    {
        Assert.Equal("plane: workloads[0].name: bad", new LocatedError("plane", 0, 0, "workloads[0].name", "bad").ToString());
    }
}
