using EdgeMano.Agent.Core.Yaml;

namespace EdgeMano.Agent.Core.Tests.Yaml;

public sealed class SuggestionsTests
{
    private static readonly string[] Keys = ["name", "image", "containerPort", "hostPort", "healthyReset"];

    [Theory]
    [InlineData("imgae", "image")]
    [InlineData("containerport", "containerPort")]
    [InlineData("hostport", "hostPort")]
    [InlineData("nmae", "name")]
    [InlineData("healthyRest", "healthyReset")]
    public void Closest_Typo_SuggestsKey(string typo, string expected)
    {
        Assert.Equal(expected, Suggestions.Closest(typo, Keys));
    }

    [Theory]
    [InlineData("replicas")]
    [InlineData("x")]
    public void Closest_UnrelatedWord_SuggestsNothing(string word)
    {
        Assert.Null(Suggestions.Closest(word, Keys));
        Assert.Equal("", Suggestions.DidYouMean(word, Keys));
    }
}
