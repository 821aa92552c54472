using EdgeMano.Plane.Packages.Tests;

namespace EdgeMano.Plane.Packages.Tests.Validation;

/// <summary>
/// tests/fixtures/packages/broken: one package per fault, each refused with exactly one error at
/// the file, document path and line where the fault is written.
/// </summary>
public sealed class BrokenPackageTests
{
    [Theory]
    [InlineData("ambiguous-root", "broken/ambiguous-root", 0, "", "cannot tell which file")]
    [InlineData("bad-image-reference", "vnfd.yaml", 33, "topology_template.node_templates.web-container.artifacts.sw_image.file", "repository 'Local/BusyBox' must be")]
    [InlineData("bad-memory-unit", "vnfd.yaml", 29, "topology_template.node_templates.web-container.properties.requested_memory_resources", "unknown size unit 'parsecs'")]
    [InlineData("bad-release-date", "web.mf", 5, "metadata.vnf_release_date_time", "'yesterday' is not an")]
    [InlineData("bad-software-version", "vnfd.yaml", 14, "topology_template.node_templates.vnf.properties.software_version", "'latest' is not a")]
    [InlineData("cpu-request-over-limit", "vnfd.yaml", 29, "topology_template.node_templates.web-container.properties.requested_cpu_resources", "requested_cpu_resources (2000) is more")]
    [InlineData("dangling-requirement", "vnfd.yaml", 24, "topology_template.node_templates.web.requirements[0].container", "dangling requirement 'container': there")]
    [InlineData("digest-mismatch", "web.mf", 9, "Hash", "digest mismatch for 'Definitions/web_vnfd.yaml'")]
    [InlineData("duplicate-vdu-name", "vnfd.yaml", 37, "topology_template.node_templates.api.properties.name", "duplicate VDU name 'web'")]
    [InlineData("get-input-without-default", "vnfd.yaml", 16, "topology_template.node_templates.vnf.properties.product_name", "get_input 'product' has no")]
    [InlineData("manifest-lists-missing-artifact", "web.mf", 15, "Source", "missing artifact: 'Files/scripts/install.sh' is")]
    [InlineData("manifest-provider-mismatch", "web.mf", 3, "metadata.vnf_provider_id", "vnf_provider_id 'EdgeMano Labs' does")]
    [InlineData("mciop-chart-missing", "vnfd.yaml", 41, "topology_template.node_templates.web-mciop.artifacts.chart.file", "missing artifact: the chart")]
    [InlineData("memory-below-agent-minimum", "vnfd.yaml", 29, "topology_template.node_templates.web-container.properties.requested_memory_resources", "must be at least")]
    [InlineData("min-over-max-instances", "vnfd.yaml", 21, "topology_template.node_templates.web.properties.vdu_profile.min_number_of_instances", "min_number_of_instances (3) is more")]
    [InlineData("missing-entry-definitions", "TOSCA-Metadata/TOSCA.meta", 4, "Entry-Definitions", "missing entry definitions: 'Definitions/web.yaml'")]
    [InlineData("missing-import", "vnfd.yaml", 5, "imports[1]", "missing import: 'edgemano_types.yaml' is")]
    [InlineData("missing-sw-image", "vnfd.yaml", 26, "topology_template.node_templates.web-container", "an OS container needs")]
    [InlineData("no-vnf-node", "vnfd.yaml", 7, "topology_template.node_templates", "no node template of")]
    [InlineData("not-a-descriptor", "settings.yaml", 1, "", "not a known descriptor")]
    [InlineData("osm-bad-chart-version", "helm-charts/web/Chart.yaml", 5, "version", "'latest' is not a")]
    [InlineData("osm-chart-not-in-package", "broken_knf_vnfd.yaml", 14, "vnfd.kdu[0].helm-chart", "missing artifact: no chart")]
    [InlineData("osm-dangling-net", "broken_knf_vnfd.yaml", 8, "vnfd.ext-cpd[0].k8s-cluster-net", "dangling reference: no k8s-cluster")]
    [InlineData("osm-duplicate-kdu", "broken_knf_vnfd.yaml", 15, "vnfd.kdu[1].name", "duplicate KDU name 'web'")]
    [InlineData("osm-juju-bundle", "broken_knf_vnfd.yaml", 14, "vnfd.kdu[0].juju-bundle", "juju bundles are not")]
    [InlineData("osm-vm-vdu", "broken_knf_vnfd.yaml", 16, "vnfd.vdu", "VM-based VDUs are not")]
    [InlineData("own-bad-kind", "cnf.yaml", 2, "kind", "expected 'CnfPackage', got 'CnfPackag'")]
    [InlineData("own-dangling-connection-point", "cnf.yaml", 22, "connectionPoints[0].vdu", "dangling reference: no workload")]
    [InlineData("own-missing-chart", "cnf.yaml", 27, "charts[0].path", "missing artifact: the chart")]
    [InlineData("own-point-port-not-published", "cnf.yaml", 24, "connectionPoints[0].port", "port 8443 is not")]
    [InlineData("own-port-clash", "cnf.yaml", 17, "workloads[1].ports[0]", "host port 18080/tcp is")]
    [InlineData("port-clash", "vnfd.yaml", 71, "topology_template.node_templates.api-cp.properties.additional_service_data[0].port_data[0].port", "host port 8080/tcp is")]
    [InlineData("tacker-no-matching-object", "Definitions/sample_cnf_df_simple.yaml", 47, "topology_template.node_templates.VDU1.properties.name", "no Kubernetes object named")]
    [InlineData("unknown-derived-from", "vnfd.yaml", 7, "node_types.edgemano.nodes.Container.derived_from", "unknown type 'tosca.nodes.nfv.Vdu.OsContaner' (did")]
    [InlineData("unknown-node-type", "vnfd.yaml", 26, "topology_template.node_templates.web-container.type", "unknown node type 'tosca.nodes.nfv.Vdu.OsContainr'")]
    [InlineData("unsupported-csar-version", "TOSCA-Metadata/TOSCA.meta", 2, "CSAR-Version", "CSAR-Version '3.0' is not")]
    [InlineData("unsupported-tosca-version", "vnfd.yaml", 1, "tosca_definitions_version", "unsupported tosca_definitions_version 'tosca_simple_yaml_1_0'; expected")]
    [InlineData("wrong-requirement-target", "vnfd.yaml", 24, "topology_template.node_templates.web.requirements[0].container", "requirement 'container' must point")]
    public void Read_BrokenPackage_ReportsItsOneFaultWhereItIsWritten(string fixture, string file, int line, string path, string message)
    {
        var result = PackageReader.Read(Fixtures.Directory("broken/" + fixture));

        Assert.Null(result.Package);
        var error = Assert.Single(result.Errors);
        Assert.True((file, line, path) == (error.File, error.Line, error.Path), $"expected {file}:{line} {path}, got {error}");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenFixtures_EveryDirectoryHasATest_AndThereAreAtLeastTwenty()
    {
        var tested = typeof(BrokenPackageTests).GetMethod(nameof(Read_BrokenPackage_ReportsItsOneFaultWhereItIsWritten))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToHashSet();
        var fixtures = Directory.GetDirectories(Path.Combine(Fixtures.Root, "broken")).Select(Path.GetFileName).ToHashSet();

        Assert.Equal(fixtures.Order(), tested.Order());
        Assert.True(tested.Count >= 20, $"only {tested.Count} faults");
    }
}
