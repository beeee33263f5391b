using System.Globalization;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.ModelTypes;
using HeavyRanker.Generators.Parsing;
using Microsoft.CodeAnalysis;
using static HeavyRanker.Generators.Tests.Parsing.SpecHarness;

namespace HeavyRanker.Generators.Tests.Parsing;

/// <summary>The sample spec of samples/NotificationRanker, and the defaults of a minimal spec.</summary>
public sealed class SampleSpecTests
{
    [Fact]
    public void Sample_NoDiagnostics()
    {
        Assert.DoesNotContain(Run(SampleSpec()), diagnostic => diagnostic.Id.StartsWith("HR", StringComparison.Ordinal));
    }

    [Fact]
    public void Sample_FeatureCounts()
    {
        RankerSpec spec = ParseValid(SampleSpec());

        Assert.Equal(40, spec.Features.Count);
        Assert.Equal(20, spec.Features.Count(feature => feature.Kind == FeatureKind.Continuous));
        Assert.Equal(8, spec.Features.Count(feature => feature.Kind == FeatureKind.Binary));
        Assert.Equal(4, spec.Features.Count(feature => feature.Kind == FeatureKind.Discrete));
        Assert.Equal(3, spec.Features.Count(feature => feature.Kind == FeatureKind.String));
        Assert.Equal(3, spec.Features.Count(feature => feature.Kind == FeatureKind.SparseBinary));
        Assert.Equal(2, spec.Features.Count(feature => feature.Kind == FeatureKind.SparseContinuous));
    }

    [Fact]
    public void Sample_ModelAndTasks()
    {
        RankerSpec spec = ParseValid(SampleSpec());

        Assert.Equal("NotificationRanker", spec.Name);
        Assert.Equal("NotificationRanker.Model", spec.Namespace);
        Assert.Equal(SpecPath, spec.FilePath);
        Assert.Equal(
            new[] { new TaskSpec("open", "label", 0.9, "OpenLabel"), new TaskSpec("engage", "label.engagement", 0.1, "EngageLabel") },
            spec.Tasks);
        Assert.Equal("label.ntabDislike", spec.DislikeColumn);
        Assert.Equal("weight", spec.WeightColumn);
    }

    [Fact]
    public void Sample_FeatureDetails()
    {
        RankerSpec spec = ParseValid(SampleSpec());

        FeatureSpec age = spec.Features[0];
        Assert.Equal(new FeatureSpec("user.age", FeatureKind.Continuous, "user_age", false, null, "UserAge", 1589670941332718913), age);

        FeatureSpec openRate = spec.Features.Single(feature => feature.Name == "user.open_rate_30d");
        Assert.Equal("0.05", openRate.Default);
        Assert.Equal("UserOpenRate30d", openRate.PropertyName);

        Assert.Equal("0", spec.Features.Single(feature => feature.Name == "user.sessions_7d").Default);
        Assert.Equal("en", spec.Features.Single(feature => feature.Name == "user.language").Default);
        Assert.True(spec.Features.Single(feature => feature.Name == "user.push_enabled").Required);

        FeatureSpec author = spec.Features.Single(feature => feature.Name == "meta.author_id#v2");
        Assert.Equal("MetaAuthorIdV2", author.PropertyName);
        Assert.Equal("author_id", author.Column);
        Assert.Equal(FeatureKind.Discrete, author.Kind);
    }

    [Fact]
    public void Sample_FeatureIdsMatchRuntime()
    {
        RankerSpec spec = ParseValid(SampleSpec());

        // HeavyRanker.Runtime compiles its own copy of TwmlHash, and the generator links the same source.
        Type twmlHash = Type.GetType("HeavyRanker.Runtime.Hashing.TwmlHash, HeavyRanker.Runtime", throwOnError: true)!;
        var featureId = (Func<string, long>)twmlHash.GetMethod("FeatureId", new[] { typeof(string) })!.CreateDelegate(typeof(Func<string, long>));

        foreach (FeatureSpec feature in spec.Features)
        {
            Assert.Equal(featureId(feature.Name), feature.FeatureId);
        }

        Assert.Equal(spec.Features.Count, spec.Features.Select(feature => feature.FeatureId).Distinct().Count());
    }

    [Fact]
    public void Sample_ArchitectureAndTraining()
    {
        RankerSpec spec = ParseValid(SampleSpec());

        Assert.Equal(ClemNetModelType.TypeName, spec.Architecture.ModelType);
        Assert.Equal(ClemNetModelType.DefaultBlocks, spec.Architecture.Blocks);
        Assert.Empty(spec.Architecture.TopHiddenUnits);
        Assert.Equal("relu", spec.Architecture.TopActivation);
        Assert.Equal(new SparseSpec(18, 50), spec.Sparse);
        Assert.Equal(new TrainingSpec("sgd", 0.01, 256, 3, 200, "pr_auc", 5, 0.0001, 42), spec.Training);
    }

    [Fact]
    public void Sample_ParseIsValueEqual()
    {
        string text = SampleSpec();

        SpecParseResult first = SpecParser.Parse(SpecPath, text);
        SpecParseResult second = SpecParser.Parse(SpecPath, text);

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    public void Sample_SameUnderCulture(string culture)
    {
        string text = SampleSpec();
        RankerSpec invariant = ParseValid(text);

        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            RankerSpec local = ParseValid(text);
            Assert.Equal(invariant, local);
            Assert.Equal("0.05", local.Features.Single(feature => feature.Name == "user.open_rate_30d").Default);
            Assert.Equal("UserIsVerified", local.Features.Single(feature => feature.Name == "user.is_verified").PropertyName);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Minimal_DefaultsResolved()
    {
        RankerSpec spec = ParseValid(MinimalSpec);

        Assert.Equal(SpecDefaults.Tasks, spec.Tasks);
        Assert.Null(spec.DislikeColumn);
        Assert.Null(spec.WeightColumn);
        Assert.Equal(new FeatureSpec("user.age", FeatureKind.Continuous, "user.age", false, null, "UserAge", 1589670941332718913), Assert.Single(spec.Features));
        Assert.Equal(new SparseSpec(18, 50), spec.Sparse);
        Assert.Equal(new ArchitectureSpec("clemnet", ClemNetModelType.DefaultBlocks, EquatableArray<int>.Empty, "relu"), spec.Architecture);
        Assert.Equal(new TrainingSpec("sgd", 0.01, 256, 1, 500, "pr_auc", 5, 0.0001, 42), spec.Training);
    }

    [Fact]
    public void Minimal_DefaultBlocksAreReference()
    {
        var conv = new ConvSpec(3, 5, 1, "same");
        Assert.Equal(
            new[] { new BlockSpec(1024, conv, "relu", false), new BlockSpec(512, conv, "relu", false), new BlockSpec(256, conv, "relu", false), new BlockSpec(128, conv, "relu", false) },
            ParseValid(MinimalSpec).Architecture.Blocks);
    }

    [Fact]
    public void Blocks_ExplicitValuesAndNone()
    {
        RankerSpec spec = ParseValid(MinimalSpec + """

            architecture:
              type: clemnet
              blocks:
                - { dense: 1, conv: { kernel: 5, filters: 2, stride: 1 }, activation: tanh, residual: true }
                - { dense: null, conv: { stride: 2 } }
                - { dense: 8, conv: none, activation: linear }
              top:
                hidden_units: [16, 4]
                activation: sigmoid
            """);

        Assert.Equal(
            new[]
            {
                new BlockSpec(1, new ConvSpec(5, 2, 1, "same"), "tanh", true),
                new BlockSpec(null, new ConvSpec(3, 5, 2, "same"), "relu", false),
                new BlockSpec(8, null, "linear", false),
            },
            spec.Architecture.Blocks);
        Assert.Equal(new[] { 16, 4 }, spec.Architecture.TopHiddenUnits);
        Assert.Equal("sigmoid", spec.Architecture.TopActivation);
    }

    [Fact]
    public void Defaults_TextIsInvariant()
    {
        RankerSpec spec = ParseValid("""
            model: { name: Ranker, namespace: Tests.Models }
            features:
              - { name: a, type: continuous, default: 1e-5 }
              - { name: b, type: continuous, default: -0.25 }
              - { name: c, type: binary, default: True }
              - { name: d, type: discrete, default: -9223372036854775808 }
              - { name: e, type: string, default: "ü, ok" }
              - { name: f, type: string, default: '' }
              - { name: g, type: discrete, default: null }
            """);

        Assert.Equal(new string?[] { "1E-05", "-0.25", "true", "-9223372036854775808", "ü, ok", "", null }, spec.Features.Select(feature => feature.Default));
    }

    [Fact]
    public void Tasks_SingleTaskDefaultWeight()
    {
        RankerSpec spec = ParseValid(MinimalSpec + "\ntasks:\n  - { name: click-through, label: clicked }\n");

        Assert.Equal(new TaskSpec("click-through", "clicked", 1.0, "ClickThroughLabel"), Assert.Single(spec.Tasks));
    }
}
