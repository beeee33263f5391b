extern alias generator;

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using generator::HeavyRanker.Generators;
using generator::HeavyRanker.Generators.Emit;
using generator::HeavyRanker.Generators.Model;
using generator::HeavyRanker.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HeavyRanker.Benchmarks;

/// <summary>
/// Time the generator takes for a spec of 2,000 features. <see cref="FirstRun"/> runs the Roslyn
/// driver as a build does, on a new driver (templates are already parsed, as in a long-lived
/// compiler server); it includes the driver parsing the generated text into syntax trees, which
/// <see cref="ParseGeneratedCode"/> measures alone. <see cref="Parse"/> and <see cref="Emit"/> are
/// the generator's own two steps, and <see cref="CachedRun"/> reruns the driver on unchanged input.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int FeatureCount = 2000;

    private CSharpCompilation _compilation = null!;
    private AdditionalText _spec = null!;
    private string _specText = "";
    private RankerSpec _parsed = null!;
    private IReadOnlyList<GeneratedFile> _emitted = Array.Empty<GeneratedFile>();
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create(
            "GeneratorBenchmark",
            new[] { CSharpSyntaxTree.ParseText("class UserCode { }") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _specText = WideSpec(FeatureCount);
        _spec = new InMemorySpec("/specs/Wide.ranker.yaml", _specText);
        _parsed = SpecParser.Parse(_spec.Path, _specText).Spec ?? throw new InvalidOperationException("The wide spec did not parse.");
        _emitted = SpecEmitter.Emit(_parsed, new EmitOptions(ReferencesTraining: false));

        GeneratorDriver driver = CreateDriver().RunGenerators(_compilation);
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        if (result.Diagnostics.Length > 0 || result.GeneratedSources.Length == 0)
        {
            throw new InvalidOperationException("The wide spec did not generate cleanly: " + string.Join("; ", result.Diagnostics));
        }

        _warmDriver = driver;
    }

    [Benchmark]
    public int FirstRun() => CreateDriver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    /// <summary>The parse and validation step alone.</summary>
    [Benchmark]
    public object? Parse() => SpecParser.Parse(_spec.Path, _specText).Spec;

    /// <summary>The emission step alone: view model and template rendering.</summary>
    [Benchmark]
    public int Emit() => SpecEmitter.Emit(_parsed, new EmitOptions(ReferencesTraining: false)).Count;

    /// <summary>What the driver does with the emitted text: parse it into syntax trees.</summary>
    [Benchmark]
    public int ParseGeneratedCode()
    {
        int nodes = 0;
        foreach (GeneratedFile file in _emitted)
        {
            nodes += CSharpSyntaxTree.ParseText(file.Source).GetRoot().FullSpan.Length;
        }

        return nodes;
    }

    [Benchmark]
    public int CachedRun() => _warmDriver.RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    private GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(new[] { new RankerGenerator().AsSourceGenerator() }, new[] { _spec });

    /// <summary>Writes a spec with <paramref name="count"/> features: half continuous, then binary, discrete, string and sparse ones.</summary>
    private static string WideSpec(int count)
    {
        var text = new StringBuilder();
        text.Append("model:\n  name: Wide\n  namespace: Benchmarks.Wide\nfeatures:\n");
        string[] types = { "binary", "discrete", "string", "sparse_binary", "sparse_continuous" };
        for (int index = 0; index < count; index++)
        {
            string type = index < count / 2 ? "continuous" : types[index % types.Length];
            string name = "feature." + type + "_" + index.ToString(CultureInfo.InvariantCulture);
            text.Append("  - { name: ").Append(name).Append(", type: ").Append(type).Append(" }\n");
        }

        return text.ToString();
    }

    private sealed class InMemorySpec : AdditionalText
    {
        private readonly SourceText _text;

        public InMemorySpec(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
