using System.Collections.Immutable;
using System.Globalization;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HeavyRanker.Generators.Tests.Parsing;

/// <summary>Runs specs through the real generator driver and reads back its diagnostics.</summary>
internal static class SpecHarness
{
    public const string SpecPath = "/specs/Test.ranker.yaml";

    /// <summary>A small valid spec; tests append or edit lines to break one rule at a time.</summary>
    public const string MinimalSpec = """
        model:
          name: Ranker
          namespace: Tests.Models
        features:
          - { name: user.age, type: continuous }
        """;

    /// <summary>Returns the text of the sample spec of samples/NotificationRanker.</summary>
    public static string SampleSpec() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "NotificationRanker.ranker.yaml"));

    /// <summary>
    /// Runs <see cref="RankerGenerator"/> over one AdditionalText and returns the diagnostics it
    /// reported, after asserting it did not throw (which Roslyn reports as CS8785).
    /// </summary>
    public static ImmutableArray<Diagnostic> Run(string? text, string path = SpecPath) =>
        RunMany((path, text)).Diagnostics;

    /// <summary>Runs <see cref="RankerGenerator"/> over several spec files and returns its result, after asserting it did not throw.</summary>
    public static GeneratorDriverRunResult RunMany(params (string Path, string? Text)[] specs)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "SpecTests",
            references: new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new RankerGenerator().AsSourceGenerator() },
            additionalTexts: specs.Select(spec => (AdditionalText)new InMemoryAdditionalText(spec.Path, spec.Text)).ToArray());

        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();

        Assert.DoesNotContain(driverDiagnostics, diagnostic => diagnostic.Id == "CS8785");
        Assert.All(result.Results, generatorResult => Assert.Null(generatorResult.Exception));
        return result;
    }

    /// <summary>Asserts that <paramref name="text"/> produces exactly one diagnostic, with this id, 1-based position and message.</summary>
    public static void AssertSingle(string text, string id, int line, int column, string message)
    {
        ImmutableArray<Diagnostic> diagnostics = Run(text);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        AssertDiagnostic(diagnostic, id, line, column, message);
    }

    /// <summary>Asserts one diagnostic's id, 1-based position, file path and message.</summary>
    public static void AssertDiagnostic(Diagnostic diagnostic, string id, int line, int column, string message)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(line, span.StartLinePosition.Line + 1);
        Assert.Equal(column, span.StartLinePosition.Character + 1);
        Assert.Equal(SpecPath, span.Path);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    /// <summary>Parses <paramref name="text"/> directly and asserts it is valid.</summary>
    public static RankerSpec ParseValid(string text)
    {
        SpecParseResult result = SpecParser.Parse(SpecPath, text);
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Spec);
        return result.Spec!;
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly string? _text;

        public InMemoryAdditionalText(string path, string? text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText? GetText(CancellationToken cancellationToken = default) =>
            _text is null ? null : SourceText.From(_text);
    }
}
