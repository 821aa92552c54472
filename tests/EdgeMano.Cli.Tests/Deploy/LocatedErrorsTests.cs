using EdgeMano.Cli.Api;
using EdgeMano.Cli.Deploy;

namespace EdgeMano.Cli.Tests.Deploy;

public sealed class LocatedErrorsTests
{
    [Theory]
    [InlineData("a.path", 3, 7, "bad", "web.yaml:3:7: a.path: bad")]
    [InlineData("a.path", 0, 0, "bad", "web.yaml: a.path: bad")]
    [InlineData("", 1, 1, "invalid YAML: x", "web.yaml:1:1: invalid YAML: x")]
    [InlineData("p", 4, 0, "m", "web.yaml:4:1: p: m")]
    public void Format_OneError_IsFileLineColumnPathMessage(string path, int line, int column, string message, string expected)
    {
        var error = new ProblemErrorDto { Path = path, Line = line, Column = column, Message = message };

        Assert.Equal(expected, LocatedErrors.Format("web.yaml", error));
    }

    [Fact]
    public void Format_Many_AreInFileOrderUnlocatedLast()
    {
        ProblemErrorDto[] errors =
        [
            new() { Path = "c", Line = 0, Message = "m" },
            new() { Path = "b", Line = 9, Column = 2, Message = "m" },
            new() { Path = "a", Line = 9, Column = 1, Message = "m" },
            new() { Path = "d", Line = 2, Column = 5, Message = "m" },
        ];

        Assert.Equal(["f:2:5: d: m", "f:9:1: a: m", "f:9:2: b: m", "f: c: m"], LocatedErrors.Format("f", errors));
    }
}
