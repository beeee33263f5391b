using HeavyRanker.Generators.Parsing;

namespace HeavyRanker.Generators.Tests.Parsing;

public sealed class NamingTests
{
    [Theory]
    [InlineData("user.age", "UserAge")]
    [InlineData("meta.author_id#v2", "MetaAuthorIdV2")]
    [InlineData("categorical_7", "Categorical7")]
    [InlineData("7day.count", "_7dayCount")]
    [InlineData("user.openRate", "UserOpenRate")]
    [InlineData("a..b__c", "ABC")]
    [InlineData("größe", "Größe")]
    [InlineData("...", "")]
    public void PascalCase_Converts(string name, string expected)
    {
        Assert.Equal(expected, CSharpNames.ToPascalCase(name));
    }

    [Theory]
    [InlineData("Tests.Models", true)]
    [InlineData("Ranker", true)]
    [InlineData("Tests..Models", false)]
    [InlineData("Tests.class", false)]
    [InlineData("global.Models", false)]
    [InlineData("1Tests", false)]
    [InlineData("", false)]
    public void Namespace_Validates(string name, bool expected)
    {
        Assert.Equal(expected, CSharpNames.IsNamespace(name));
    }

    [Theory]
    [InlineData("embeding_size", "embedding_size")]
    [InlineData("epoch", "epochs")]
    [InlineData("Continuous", "continuous")]
    [InlineData("sparse-binary", "sparse_binary")]
    [InlineData("residaul", "residual")]
    [InlineData("owner", null)]
    public void Suggestion_FindsNearest(string value, string? expected)
    {
        string[] candidates = { "embedding_size", "epochs", "continuous", "sparse_binary", "residual", "bits" };
        Assert.Equal(expected, Suggestions.Nearest(value, candidates));
    }
}
