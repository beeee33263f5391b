using System.Globalization;
using Microsoft.CodeAnalysis;

namespace HeavyRanker.Generators.Tests.Parsing;

/// <summary>HR0015: two spec files that declare the same model in the same namespace.</summary>
public sealed class DuplicateModelTests
{
    private const string First = """
        model:
          name: Ranker
          namespace: MyCompany.Ranking
        features:
          - { name: user.age, type: continuous }
        """;

    private const string Copy = """
        model:
          name: Ranker
          namespace: MyCompany.Ranking
        features:
          - { name: user.followers, type: continuous }
        """;

    [Fact]
    public void LaterFileGetsHr0015()
    {
        GeneratorDriverRunResult result = SpecHarness.RunMany(("Specs/RankerCopy.ranker.yaml", Copy), ("Specs/Ranker.ranker.yaml", First));

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal("HR0015", diagnostic.Id);
        Assert.Equal("Specs/RankerCopy.ranker.yaml", span.Path);
        Assert.Equal(2, span.StartLinePosition.Line + 1);
        Assert.Equal(9, span.StartLinePosition.Character + 1);
        Assert.Equal(
            "Model 'Ranker' in namespace 'MyCompany.Ranking' is also declared in 'Specs/Ranker.ranker.yaml', so both would generate the same types. Give each spec its own model name or namespace.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FirstFileStillEmitted()
    {
        GeneratorDriverRunResult result = SpecHarness.RunMany(("Specs/Ranker.ranker.yaml", First), ("Specs/RankerCopy.ranker.yaml", Copy));

        GeneratorRunResult run = Assert.Single(result.Results);
        Assert.Contains(run.GeneratedSources, source => source.HintName == "MyCompany.Ranking.RankerRecord.g.cs");
        Assert.Equal(run.GeneratedSources.Length, run.GeneratedSources.Select(source => source.HintName).Distinct().Count());

        // The record of the first file carries its feature, not the copy's.
        string record = run.GeneratedSources.Single(source => source.HintName == "MyCompany.Ranking.RankerRecord.g.cs").SourceText.ToString();
        Assert.Contains("UserAge", record, StringComparison.Ordinal);
        Assert.DoesNotContain("UserFollowers", record, StringComparison.Ordinal);
    }

    [Fact]
    public void SameNameOtherNamespaceAllowed()
    {
        string other = Copy.Replace("MyCompany.Ranking", "MyCompany.Other", StringComparison.Ordinal);
        GeneratorDriverRunResult result = SpecHarness.RunMany(("Specs/Ranker.ranker.yaml", First), ("Specs/Other.ranker.yaml", other));

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void DocsExampleMatches()
    {
        // docs/diagnostics.md shows this pair; keep its printed message in step with the generator.
        string docs = File.ReadAllText(Path.Combine(HeavyRanker.TestSupport.SampleData.RepositoryRoot(), "docs", "diagnostics.md"));
        Assert.Contains(
            "Specs/RankerCopy.ranker.yaml(2,9): error HR0015: Model 'Ranker' in namespace 'MyCompany.Ranking' is also declared in 'Specs/Ranker.ranker.yaml', so both would generate the same types. Give each spec its own model name or namespace.",
            docs,
            StringComparison.Ordinal);
    }
}
