namespace EdgeMano.Plane.Packages.Tests.NetworkServices;

public sealed class Sol001NsdReaderTests
{
    internal const string Good = """
        tosca_definitions_version: tosca_simple_yaml_1_3
        description: A web service of two CNFs on one link, and a radio unit
        imports:
          - etsi_nfv_sol001_nsd_types.yaml
        topology_template:
          node_templates:
            web_ns:
              type: tosca.nodes.nfv.NS
              properties:
                descriptor_id: 5f3c1f4e-web
                designer: EdgeMano
                version: 1.0.0
                name: web-ns
                invariant_id: 5f3c1f4e-web
            server:
              type: tosca.nodes.nfv.VNF
              properties:
                descriptor_id: srv
                provider: EdgeMano
                product_name: edge-web
                software_version: 1.2.0
                descriptor_version: "1.0"
                flavour_id: default
              requirements:
                - virtual_link: data_vl
            web_client:
              type: tosca.nodes.nfv.VNF
              properties: {descriptor_id: probe, provider: EdgeMano, product_name: probe, software_version: "2.0", descriptor_version: "1.0", flavour_id: default}
              requirements:
                - virtual_link: data_vl
            radio:
              type: tosca.nodes.nfv.PNF
              metadata: {address: 192.0.2.10, ports: "9000/udp, 8080"}
              properties: {descriptor_id: radio, function_description: radio unit, provider: x, version: "1.0", descriptor_invariant_id: radio, name: radio}
              requirements:
                - virtual_link: data_vl
            data_vl:
              type: tosca.nodes.nfv.NsVirtualLink
              properties:
                connectivity_type: {layer_protocols: [ipv4]}
        """;

    private static PackageReadResult Read(string yaml) => PackageReader.Read(PackageInput.FromFile("nsd.yaml", Fixtures.Utf8(yaml)));

    [Fact]
    public void Read_Sol001Nsd_SameModelAsOwnFormat()
    {
        var package = Fixtures.ReadOk(PackageInput.FromFile("nsd.yaml", Fixtures.Utf8(Good)));

        Assert.Equal(("web-ns", "1.0.0", "EdgeMano", PackageFormat.Sol001), (package.Name, package.Version, package.Provider, package.Format));
        var ns = package.NetworkService!;
        Assert.Equal(["server=edge-web@1.2.0", "web-client=probe@2.0"], ns.Cnfs.Select(c => $"{c.Name}={c.Package}"));
        var link = ns.VirtualLinks.Single();
        Assert.Equal("data-vl", link.Name);
        Assert.Equal(["server", "web-client", "radio"], link.Members);
        var radio = ns.Pnfs.Single();
        Assert.Equal(("192.0.2.10", 2), (radio.Address, radio.Ports.Count));
        Assert.Equal(("nsd.yaml", 20, "topology_template.node_templates.server.properties.product_name"), (ns.Cnfs[0].PackageAt.File, ns.Cnfs[0].PackageAt.Line, ns.Cnfs[0].PackageAt.Path));
    }

    [Fact]
    public void Read_Sol001NsdWithFaults_EachLocated()
    {
        var broken = Good.Replace("- virtual_link: data_vl\n    web_client", "- virtual_link: data_vll\n    web_client", StringComparison.Ordinal)
            .Replace("metadata: {address: 192.0.2.10, ports: \"9000/udp, 8080\"}", "metadata: {address: radio.example}", StringComparison.Ordinal)
            .Replace("software_version: 1.2.0", "software_version: latest", StringComparison.Ordinal);

        var result = Read(broken);

        Assert.Null(result.Package);
        var shown = Fixtures.Show(result.Errors);
        Assert.Contains("nsd.yaml:21:27: topology_template.node_templates.server.properties.software_version: 'latest' is not a version", shown);
        Assert.Contains("nsd.yaml:25:25: topology_template.node_templates.server.requirements[0].virtual_link: dangling requirement 'virtual_link': there is no tosca.nodes.nfv.NsVirtualLink node 'data_vll' (did you mean 'data_vl'?)", shown);
        Assert.Contains("nsd.yaml:33:27: topology_template.node_templates.radio.metadata.address: 'radio.example' is not an IPv4 or IPv6 address", shown);
        Assert.Equal(3, result.Errors.Count);
    }
}
