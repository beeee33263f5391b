using Microsoft.CodeAnalysis;

namespace HeavyRanker.Generators.Tests.Emit;

/// <summary>A project with more than one spec.</summary>
public sealed class TwoSpecsTests
{
    private const string SpecTemplate = """
        model:
          name: {0}
          namespace: {1}
        features:
          - {{ name: user.age, type: continuous }}
        """;

    [Fact]
    public void DistinctModelsBothEmitted()
    {
        GeneratorRunResult result = Run(("First", "Models.A"), ("Second", "Models.B"));

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(12, result.GeneratedSources.Length);
        Assert.Empty(GeneratorRunner.Compile(result.GeneratedSources.Select(source => source.SourceText.ToString())));
    }

    [Fact]
    public void SameNameInTwoNamespaces()
    {
        GeneratorRunResult result = Run(("Ranker", "Models.A"), ("Ranker", "Models.B"));

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, source => source.HintName == "Models.A.RankerRecord.g.cs");
        Assert.Contains(result.GeneratedSources, source => source.HintName == "Models.B.RankerRecord.g.cs");
        Assert.Empty(GeneratorRunner.Compile(result.GeneratedSources.Select(source => source.SourceText.ToString())));
    }

    private static GeneratorRunResult Run(params (string Name, string Namespace)[] models)
    {
        AdditionalText[] specs = models
            .Select((model, index) => (AdditionalText)new SpecText(
                "/specs/" + index + ".ranker.yaml",
                string.Format(System.Globalization.CultureInfo.InvariantCulture, SpecTemplate, model.Name, model.Namespace)))
            .ToArray();
        GeneratorDriver driver = GeneratorRunner.CreateDriver(specs).RunGenerators(GeneratorRunner.CreateCompilation());
        return Assert.Single(driver.GetRunResult().Results);
    }
}
