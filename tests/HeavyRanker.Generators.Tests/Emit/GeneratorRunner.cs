using System.Collections.Immutable;
using HeavyRanker.Runtime.Features;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HeavyRanker.Generators.Tests.Emit;

/// <summary>Runs <see cref="RankerGenerator"/> through the Roslyn driver and compiles what it emits.</summary>
internal static class GeneratorRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Returns the text of a spec copied beside the test assembly, for example <c>AllTypes.ranker.yaml</c>.</summary>
    public static string ReadSpec(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", fileName));

    /// <summary>Runs the generator over a spec copied beside the test assembly, as if it were at <c>/specs/&lt;fileName&gt;</c>.</summary>
    public static ImmutableDictionary<string, string> GenerateFromSpecFile(string fileName) =>
        Generate(ReadSpec(fileName), "/specs/" + fileName);

    /// <summary>A compilation with the framework and HeavyRanker.Runtime referenced, as a consuming project has.</summary>
    public static CSharpCompilation CreateCompilation(params SyntaxTree[] trees) =>
        CSharpCompilation.Create(
            "GeneratedCodeTests",
            trees,
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // The SDK passes /nowarn:1701,1702 (assembly unification notes) to every build; do the same.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    /// <summary>Creates a driver that tracks incremental steps, over the given spec files.</summary>
    public static GeneratorDriver CreateDriver(params AdditionalText[] specs) =>
        CSharpGeneratorDriver.Create(
            new[] { new RankerGenerator().AsSourceGenerator() },
            specs,
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator over one spec and returns its generated sources by hint name, after
    /// asserting that it reported no diagnostics and did not throw.
    /// </summary>
    public static ImmutableDictionary<string, string> Generate(string specText, string path = "/specs/Test.ranker.yaml")
    {
        GeneratorDriver driver = CreateDriver(new SpecText(path, specText));
        driver = driver.RunGenerators(CreateCompilation());
        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        return result.GeneratedSources.ToImmutableDictionary(source => source.HintName, source => source.SourceText.ToString());
    }

    /// <summary>Compiles <paramref name="sources"/> with nullable enabled and every warning as an error, and returns the diagnostics.</summary>
    public static ImmutableArray<Diagnostic> Compile(IEnumerable<string> sources)
    {
        SyntaxTree[] trees = sources.Select(source => CSharpSyntaxTree.ParseText(source, ParseOptions)).ToArray();
        return CreateCompilation(trees).GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity != DiagnosticSeverity.Hidden)
            .ToImmutableArray();
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The framework's own assemblies, as the test host loaded them, plus the runtime library.
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(FeatureBatch).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });
}

/// <summary>A spec file in memory, in place of an AdditionalFiles item.</summary>
internal sealed class SpecText : AdditionalText
{
    private readonly SourceText _text;

    public SpecText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
