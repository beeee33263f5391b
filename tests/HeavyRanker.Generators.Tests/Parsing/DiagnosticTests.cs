using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using static HeavyRanker.Generators.Tests.Parsing.SpecHarness;

namespace HeavyRanker.Generators.Tests.Parsing;

/// <summary>One test per diagnostic id (and per distinct message form), through the generator driver.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void HR0001_UnterminatedQuote()
    {
        AssertSingle(
            "model:\n  name: 'Ranker\n",
            "HR0001", 2, 9,
            "The spec is not valid YAML: While scanning a quoted scalar, found unexpected end of stream. Fix the syntax at this position.");
    }

    [Fact]
    public void HR0001_DuplicateKey()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  name: Other\n",
            "HR0001", 3, 3,
            "The spec is not valid YAML: Duplicate key name. Fix the syntax at this position.");
    }

    [Fact]
    public void HR0001_TwoDocuments()
    {
        AssertSingle(
            MinimalSpec + "\n---\nmodel: {}\n",
            "HR0001", 7, 1,
            "The spec is not valid YAML: the file contains 2 YAML documents, but a spec must be exactly one (remove the '---' separators). Fix the syntax at this position.");
    }

    [Fact]
    public void HR0001_DeepNesting()
    {
        string text = "model: " + new string('[', 200) + new string(']', 200) + "\n";
        AssertSingle(
            text,
            "HR0001", 1, 71,
            "The spec is not valid YAML: lists and mappings nest more than 64 levels deep. Fix the syntax at this position.");
    }

    [Fact]
    public void HR0001_RecursiveAlias()
    {
        AssertSingle(
            "model: &m [*m]\n",
            "HR0001", 1, 12,
            "The spec is not valid YAML: alias '*m' refers to a list or mapping that contains it, and a spec cannot be recursive. Fix the syntax at this position.");
    }

    [Fact]
    public void HR0001_ListAsKey()
    {
        AssertSingle(
            "? [model]\n: 1\n",
            "HR0001", 1, 3,
            "The spec is not valid YAML: a mapping key is a list or mapping, but spec keys are plain text. Fix the syntax at this position.");
    }

    [Fact]
    public void HR0002_SuggestsNearestKey()
    {
        AssertSingle(
            MinimalSpec + "\nsparse:\n  embeding_size: 10\n",
            "HR0002", 7, 3,
            "Unknown key 'embeding_size' in 'sparse' (did you mean 'embedding_size'?). Remove it or use one of: bits, embedding_size.");
    }

    [Fact]
    public void HR0002_TopLevelWithoutSuggestion()
    {
        AssertSingle(
            MinimalSpec + "\nowner: ranking-team\n",
            "HR0002", 6, 1,
            "Unknown key 'owner' in the spec. Remove it or use one of: model, tasks, dislike_label, weight_column, features, sparse, architecture, training.");
    }

    [Fact]
    public void HR0003_MissingModelName()
    {
        AssertSingle(
            "model:\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age, type: continuous }\n",
            "HR0003", 2, 3,
            "Required field 'name' is missing in 'model'. Add it.");
    }

    [Fact]
    public void HR0003_MissingFeatures()
    {
        AssertSingle(
            "# A spec without features.\nmodel:\n  name: Ranker\n  namespace: Tests.Models\n",
            "HR0003", 2, 1,
            "Required field 'features' is missing in the spec. Add it.");
    }

    [Fact]
    public void HR0003_MissingFeatureType()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age }\n",
            "HR0003", 5, 5,
            "Required field 'type' is missing in 'features[0]'. Add it.");
    }

    [Fact]
    public void HR0004_ListForMapping()
    {
        AssertSingle(
            MinimalSpec + "\nsparse: [18, 50]\n",
            "HR0004", 6, 9,
            "'sparse' must be a mapping of keys to values, but it is a list.");
    }

    [Fact]
    public void HR0004_TextForNumber()
    {
        AssertSingle(
            MinimalSpec + "\nsparse:\n  bits: many\n",
            "HR0004", 7, 9,
            "'sparse.bits' must be a whole number, but it is 'many'.");
    }

    [Fact]
    public void HR0005_SparseBits()
    {
        AssertSingle(
            MinimalSpec + "\nsparse:\n  bits: 31\n",
            "HR0005", 7, 9,
            "'sparse.bits' is 31, but it must be a whole number from 1 to 30.");
    }

    [Fact]
    public void HR0005_BatchSizeOne()
    {
        AssertSingle(
            MinimalSpec + "\ntraining:\n  batch_size: 1\n",
            "HR0005", 7, 15,
            "'training.batch_size' is 1, but it must be a whole number from 2 to 65536.");
    }

    [Fact]
    public void HR0005_LearningRateZero()
    {
        AssertSingle(
            MinimalSpec + "\ntraining:\n  learning_rate: 0\n",
            "HR0005", 7, 18,
            "'training.learning_rate' is 0, but it must be a finite number greater than 0.");
    }

    [Fact]
    public void HR0005_NoFeatures()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  namespace: Tests.Models\nfeatures: []\n",
            "HR0005", 4, 11,
            "'features' is an empty list, but it must be a list of at least one feature.");
    }

    [Fact]
    public void HR0006_DuplicateFeature()
    {
        AssertSingle(
            MinimalSpec + "\n  - { name: user.age, type: binary }\n",
            "HR0006", 6, 13,
            "Feature 'user.age' is declared more than once (first at line 5). Remove or rename one of them.");
    }

    [Fact]
    public void HR0007_FeaturesCollide()
    {
        AssertSingle(
            MinimalSpec + "\n  - { name: user_age, type: continuous }\n",
            "HR0007", 6, 13,
            "Feature 'user_age' and feature 'user.age' both become the C# identifier 'UserAge'. Rename one of them.");
    }

    [Fact]
    public void HR0007_FeatureCollidesWithTaskLabel()
    {
        AssertSingle(
            MinimalSpec + "\n  - { name: open_label, type: binary }\n",
            "HR0007", 6, 13,
            "Feature 'open_label' and the label of task 'open' both become the C# identifier 'OpenLabel'. Rename one of them.");
    }

    [Fact]
    public void HR0007_FeatureCollidesWithWeight()
    {
        AssertSingle(
            MinimalSpec + "\n  - { name: weight, type: continuous, column: user_weight }\n",
            "HR0007", 6, 13,
            "Feature 'weight' and the record's weight property both become the C# identifier 'Weight'. Rename one of them.");
    }

    [Fact]
    public void HR0008_ZeroScoreWeight()
    {
        AssertSingle(
            MinimalSpec + "\ntasks:\n  - { name: open, label: label, score_weight: 0 }\n  - { name: engage, label: engaged, score_weight: 0.0 }\n",
            "HR0008", 7, 3,
            "The score weights of all tasks add up to 0, so the score is undefined. Give at least one task a positive 'score_weight'.");
    }

    [Fact]
    public void HR0009_LabelColumnIsFeature()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age, type: continuous, column: label }\n",
            "HR0009", 5, 49,
            "Column 'label' is both the label of task 'open' and the column of feature 'user.age', so a training target would become a model input. Use a different column for one of them.");
    }

    [Fact]
    public void HR0009_WeightColumnIsFeature()
    {
        AssertSingle(
            MinimalSpec + "\n  - { name: sample_weight, type: continuous }\nweight_column: sample_weight\n",
            "HR0009", 6, 13,
            "Column 'sample_weight' is both the weight column and the column of feature 'sample_weight', so a training target would become a model input. Use a different column for one of them.");
    }

    [Fact]
    public void HR0010_FeatureTypeSuggestion()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age, type: continous }\n",
            "HR0010", 5, 29,
            "'features[0].type' is 'continous', which is not a known value (did you mean 'continuous'?). Use one of: continuous, binary, discrete, string, sparse_binary, sparse_continuous.");
    }

    [Fact]
    public void HR0010_ArchitectureType()
    {
        AssertSingle(
            MinimalSpec + "\narchitecture:\n  type: clemnett\n  blocks: []\n",
            "HR0010", 7, 9,
            "'architecture.type' is 'clemnett', which is not a known value (did you mean 'clemnet'?). Use one of: clemnet.");
    }

    [Fact]
    public void HR0011_DuplicateTask()
    {
        AssertSingle(
            MinimalSpec + "\ntasks:\n  - { name: open, label: label }\n  - { name: open, label: label.engagement }\n",
            "HR0011", 8, 13,
            "Task 'open' is declared more than once (first at line 7). Rename one of them.");
    }

    [Fact]
    public void HR0012_ResidualLengthMismatch()
    {
        AssertSingle(
            MinimalSpec + "\narchitecture:\n  blocks:\n    - { dense: 4, residual: true }\n",
            "HR0012", 8, 29,
            "'architecture.blocks[0]' has 'residual: true', but its input length 1 differs from its output length 4. Make them equal (a dense output size equal to the input length and a conv stride of 1), or turn the residual off.");
    }

    [Fact]
    public void HR0013_ContinuousDefaultNotNumber()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age, type: continuous, default: abc }\n",
            "HR0013", 5, 50,
            "The default of feature 'user.age', 'abc', is not a valid continuous value: write a finite number such as 0.5.");
    }

    [Fact]
    public void HR0013_SparseDefault()
    {
        AssertSingle(
            MinimalSpec + "\n  - { name: user.interests, type: sparse_binary, default: sports }\n",
            "HR0013", 6, 59,
            "The default of feature 'user.interests', 'sports', is not a valid sparse_binary value: sparse_binary features take no default, because a missing set reads as empty. Remove 'default'.");
    }

    [Fact]
    public void HR0014_ModelNameWithDash()
    {
        AssertSingle(
            "model:\n  name: my-ranker\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age, type: continuous }\n",
            "HR0014", 2, 9,
            "'model.name' is 'my-ranker', which is not a valid model name. Use a C# identifier (letters, digits and underscores, not starting with a digit), for example 'MyRanker'.");
    }

    [Fact]
    public void HR0014_ModelNameLowerCase()
    {
        AssertSingle(
            "model:\n  name: ranker\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age, type: continuous }\n",
            "HR0014", 2, 9,
            "'model.name' is 'ranker', which is not a valid model name. Start it with an upper-case letter (PascalCase), for example 'Ranker'.");
    }

    [Fact]
    public void HR0014_ModelNameKeyword()
    {
        AssertSingle(
            "model:\n  name: class\n  namespace: Tests.Models\nfeatures:\n  - { name: user.age, type: continuous }\n",
            "HR0014", 2, 9,
            "'model.name' is 'class', which is not a valid model name. It is a C# keyword. Use a PascalCase name such as 'NotificationRanker'.");
    }

    [Fact]
    public void HR0014_NamespaceEmptySegment()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  namespace: Tests..Models\nfeatures:\n  - { name: user.age, type: continuous }\n",
            "HR0014", 3, 14,
            "'model.namespace' is 'Tests..Models', which is not a valid C# namespace. Use C# identifiers separated by dots, for example 'MyCompany.Ranking'.");
    }

    [Fact]
    public void HR0014_FeatureNameWhitespace()
    {
        AssertSingle(
            "model:\n  name: Ranker\n  namespace: Tests.Models\nfeatures:\n  - { name: 'user age', type: continuous }\n",
            "HR0014", 5, 13,
            "'features[0].name' is 'user age', which is not a valid feature name. Feature names cannot contain whitespace. Use '.' or '_' between words, as in 'user.age'.");
    }

    [Fact]
    public void HR0016_EmptyText()
    {
        AssertSingle("", "HR0016", 1, 1, "The spec file is empty or could not be read. Start from the complete example in docs/spec-reference.md.");
    }

    [Fact]
    public void HR0016_CommentsOnly()
    {
        AssertSingle("# nothing yet\n", "HR0016", 1, 1, "The spec file is empty or could not be read. Start from the complete example in docs/spec-reference.md.");
    }

    [Fact]
    public void HR0016_UnreadableFile()
    {
        Diagnostic diagnostic = Assert.Single(Run(null));
        AssertDiagnostic(diagnostic, "HR0016", 1, 1, "The spec file is empty or could not be read. Start from the complete example in docs/spec-reference.md.");
    }

    [Fact]
    public void HR0017_BlockWithoutSteps()
    {
        AssertSingle(
            MinimalSpec + "\narchitecture:\n  blocks:\n    - { dense: none, conv: none }\n",
            "HR0017", 8, 7,
            "'architecture.blocks[0]' has neither a dense nor a conv step. Give it 'dense', 'conv' or both, or remove the block.");
    }

    [Theory]
    [InlineData("  - { name: user.age, type: continous }", 9)]
    [InlineData("  - { name: 'user age', type: continuous }", 10)]
    [InlineData("  - { name: user.age }", 18)]
    [InlineData("  - user.name", 9)]
    public void Location_SpansOffendingNode(string featureLine, int length)
    {
        ImmutableArray<Diagnostic> diagnostics = Run("model:\n  name: Ranker\n  namespace: Tests.Models\nfeatures:\n" + featureLine + "\n");

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(length, diagnostic.Location.GetLineSpan().Span.End.Character - diagnostic.Location.GetLineSpan().Span.Start.Character);
    }

    [Fact]
    public void Diagnostics_AllProblemsReported()
    {
        const string text = """
            model:
              name: Ranker
            features:
              - { name: user.age, type: continous }
              - { name: user.age, type: binary, default: maybe }
            sparse:
              bits: 0
            training:
              optimiser: adam
            """;

        ImmutableArray<Diagnostic> diagnostics = Run(text);

        Assert.Equal(new[] { "HR0003", "HR0010", "HR0006", "HR0013", "HR0005", "HR0002" }, diagnostics.Select(diagnostic => diagnostic.Id));
        Assert.Equal(new[] { 2, 4, 5, 5, 7, 9 }, diagnostics.Select(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1));
    }
}
