using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HeavyRanker.Generators.Tests.Emit;

/// <summary>The incremental pipeline must skip work when a spec has not changed.</summary>
public sealed class IncrementalTests
{
    private const string SpecPath = "/specs/AllTypes.ranker.yaml";

    private static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void SecondRunIsCached()
    {
        CSharpCompilation compilation = GeneratorRunner.CreateCompilation(UserCode("class A { }"));
        GeneratorDriver driver = GeneratorRunner.CreateDriver(new SpecText(SpecPath, GeneratorRunner.ReadSpec("AllTypes.ranker.yaml")));

        driver = driver.RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());

        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        Assert.NotEmpty(StepNames);
        foreach (string stepName in StepNames)
        {
            AssertAllOutputs(result, stepName, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void EditedSpecChangesOutput()
    {
        CSharpCompilation compilation = GeneratorRunner.CreateCompilation(UserCode("class A { }"));
        string text = GeneratorRunner.ReadSpec("AllTypes.ranker.yaml");
        var original = new SpecText(SpecPath, text);
        GeneratorDriver driver = GeneratorRunner.CreateDriver(original).RunGenerators(compilation);
        string before = Definition(driver);

        var edited = new SpecText(SpecPath, text.Replace("embedding_size: 4", "embedding_size: 6", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(original, edited).RunGenerators(compilation);

        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        AssertAllOutputs(result, TrackingNames.Parse, IncrementalStepRunReason.Modified);
        string after = Definition(driver);
        Assert.NotEqual(before, after);
        Assert.Contains("public const int EmbeddingSize = 6;", after, StringComparison.Ordinal);
    }

    [Fact]
    public void UnrelatedCodeEditKeepsSpecCached()
    {
        SyntaxTree userCode = UserCode("class A { }");
        CSharpCompilation compilation = GeneratorRunner.CreateCompilation(userCode);
        GeneratorDriver driver = GeneratorRunner.CreateDriver(new SpecText(SpecPath, GeneratorRunner.ReadSpec("AllTypes.ranker.yaml")));
        driver = driver.RunGenerators(compilation);

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(userCode, UserCode("class A { int B() => 1; }"));
        driver = driver.RunGenerators(edited);

        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        AssertAllOutputs(result, TrackingNames.Parse, IncrementalStepRunReason.Cached);
        AssertAllOutputs(result, TrackingNames.Options, IncrementalStepRunReason.Unchanged);
        AssertAllOutputs(result, TrackingNames.Combine, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    private static SyntaxTree UserCode(string text) => CSharpSyntaxTree.ParseText(text, GeneratorRunner.ParseOptions, path: "/src/A.cs");

    private static string Definition(GeneratorDriver driver) =>
        Assert.Single(driver.GetRunResult().GeneratedTrees, tree => tree.FilePath.EndsWith("AllTypesDefinition.g.cs", StringComparison.Ordinal))
            .GetText().ToString();

    private static void AssertAllOutputs(GeneratorRunResult result, string stepName, params IncrementalStepRunReason[] allowed)
    {
        Assert.True(result.TrackedSteps.TryGetValue(stepName, out var runs), "Step " + stepName + " was not tracked.");
        foreach (IncrementalGeneratorRunStep run in runs)
        {
            foreach ((object _, IncrementalStepRunReason reason) in run.Outputs)
            {
                Assert.True(allowed.Contains(reason), $"Step {stepName} has an output with reason {reason}; expected one of {string.Join(", ", allowed)}.");
            }
        }
    }
}
