namespace EdgeMano.Plane.Packages.Tests.Validation;

/// <summary>Bad input gets errors, never an exception: every good fixture, cut or garbled anywhere.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> Packages => new() { "own", "own-chart", "sol001-vnfd", "sol001-mciop", "tacker-cnf", "osm-knf" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Read_AnyFileCutOrGarbled_ReportsErrorsWithoutThrowing(string fixture)
    {
        var random = new Random(20250115);
        var files = Fixtures.Files(fixture);
        foreach (var path in files.Keys.Where(p => !p.EndsWith(".mf", StringComparison.Ordinal)).ToList())
        {
            var original = files[path];
            for (var trial = 0; trial < 12; trial++)
            {
                var mutated = original[..random.Next(original.Length + 1)].ToArray();
                if (trial % 2 == 1 && mutated.Length > 0) mutated[random.Next(mutated.Length)] = (byte)"{}[]:-'\"\n #&*!|>"[random.Next(16)];
                var result = PackageReader.Read(PackageInput.FromDirectory(fixture, new Dictionary<string, byte[]>(files) { [path] = mutated }));

                Assert.True(result.Succeeded || result.Errors.Count > 0);
                Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            }
        }
    }
}
