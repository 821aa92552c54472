using EdgeMano.Cli.Output;

namespace EdgeMano.Cli.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public void Render_Rows_AlignsColumnsThreeSpacesApartWithoutTrailingBlanks()
    {
        var text = TextTable.Render(["NAME", "PHASE", "LAST-ERROR"],
        [
            ["web", "Running", ""],
            ["database", "Failed", "exit 1"],
        ]);

        Assert.Equal(
            "NAME       PHASE     LAST-ERROR\n" +
            "web        Running\n" +
            "database   Failed    exit 1\n",
            text);
    }

    [Fact]
    public void Render_CellWithLineBreaks_StaysOnOneLine()
    {
        var text = TextTable.Render(["A", "B"], [["x\ny", "tab\there"]]);

        Assert.Equal("A     B\nx y   tab here\n", text);
    }

    [Fact]
    public void Render_NoRows_PrintsTheHeader()
    {
        Assert.Equal("NAME   AGE\n", TextTable.Render(["NAME", "AGE"], []));
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("exactly10!", 10, "exactly10!")]
    [InlineData("this is too long", 10, "this is...")]
    [InlineData(null, 10, "")]
    public void Truncate_LongText_EndsWithEllipsis(string? text, int max, string expected)
    {
        Assert.Equal(expected, TextTable.Truncate(text, max));
    }

    [Fact]
    public void Labels_AreSortedByKey()
    {
        Assert.Equal("a=1,b=2", TextTable.Labels(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        Assert.Equal("<none>", TextTable.Labels(new Dictionary<string, string>()));
        Assert.Equal("<all>", TextTable.Labels(null, "<all>"));
    }
}
