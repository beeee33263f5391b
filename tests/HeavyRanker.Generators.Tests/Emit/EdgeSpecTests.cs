using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HeavyRanker.Generators.Tests.Emit;

/// <summary>Specs that leave blocks of the generated code empty still compile without warnings.</summary>
public sealed class EdgeSpecTests
{
    [Theory]
    [InlineData("continuous")]
    [InlineData("binary")]
    [InlineData("discrete")]
    [InlineData("string")]
    [InlineData("sparse_binary")]
    [InlineData("sparse_continuous")]
    public void SingleTypeSpecCompiles(string type)
    {
        string spec = $$"""
            model:
              name: Single
              namespace: Edge.Models
            tasks:
              - { name: click, label: clicked, score_weight: 1 }
            features:
              - { name: only.feature, type: {{type}}, column: only_feature }
            """;

        ImmutableDictionary<string, string> sources = GeneratorRunner.Generate(spec);
        ImmutableArray<Diagnostic> diagnostics = GeneratorRunner.Compile(sources.Values);

        Assert.Empty(diagnostics);
        string extractor = sources["Edge.Models.SingleFeatureExtractor.g.cs"];
        Assert.Contains("sparseNotContinuous.EndRow();", extractor, StringComparison.Ordinal);
        Assert.Contains("sparseContinuous.EndRow();", extractor, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleTaskHasNoDislikeOrWeight()
    {
        string spec = """
            model:
              name: Single
              namespace: Edge.Models
            tasks:
              - { name: click, label: clicked, score_weight: 1 }
            features:
              - { name: user.age, type: continuous }
            """;

        ImmutableDictionary<string, string> sources = GeneratorRunner.Generate(spec);

        string record = sources["Edge.Models.SingleRecord.g.cs"];
        Assert.Contains("public float ClickLabel { get; set; }", record, StringComparison.Ordinal);
        Assert.DoesNotContain("DislikeLabel", record, StringComparison.Ordinal);
        Assert.DoesNotContain("Weight", record, StringComparison.Ordinal);
        string extractor = sources["Edge.Models.SingleFeatureExtractor.g.cs"];
        Assert.Contains("dislikes[row] = 0f;", extractor, StringComparison.Ordinal);
        Assert.Contains("weights[row] = 1f;", extractor, StringComparison.Ordinal);
        Assert.Contains("public const int InputWidth = 1;", sources["Edge.Models.SingleDefinition.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void EscapedNamesStayValidCSharp()
    {
        string spec = """
            model:
              name: Quoted
              namespace: Edge.Models
            features:
              - { name: "user.\"nick\"<name>", type: string, column: "col\\umn", default: "a\"b\\c\u00e9" }
            """;

        ImmutableDictionary<string, string> sources = GeneratorRunner.Generate(spec);
        ImmutableArray<Diagnostic> diagnostics = GeneratorRunner.Compile(sources.Values);

        Assert.Empty(diagnostics);
        Assert.Contains("twml feature <c>user.\"nick\"&lt;name&gt;</c>", sources["Edge.Models.QuotedRecord.g.cs"], StringComparison.Ordinal);
    }
}
