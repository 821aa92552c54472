using EdgeMano.Agent.Core.Tests.Yaml;

namespace EdgeMano.Agent.Core.Tests.Validation;

/// <summary>
/// Snippets with a fixed shape, so each rule's test can state the exact line and column:
/// lines 1-3 are the header, the workload starts on line 4 and <c>extra</c> starts on line 7.
/// </summary>
internal static class ValidationYaml
{
    private const string Header = "apiVersion: edgemano/v1\nkind: DesiredState\nworkloads:\n";

    /// <summary>web / container / local/busybox:1 on lines 4-6, then <paramref name="extra"/>.</summary>
    public static string Container(string extra = "", string name = "web") =>
        Header + $"  - name: {name}\n    kind: container\n    image: local/busybox:1\n" + extra;

    /// <summary>job / process / [/bin/job] on lines 4-6, then <paramref name="extra"/>.</summary>
    public static string Process(string extra = "") =>
        Header + "  - name: job\n    kind: process\n    command: [/bin/job]\n" + extra;

    public static string Raw(string workloads) => Header + workloads;

    public static string SingleError(string yaml) => YamlTestFiles.SingleError(yaml);

    public static void AssertValid(string yaml) => Assert.Empty(YamlTestFiles.Errors(yaml));
}
