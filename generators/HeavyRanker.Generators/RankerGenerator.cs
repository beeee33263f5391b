using System;
using System.Collections.Immutable;
using System.Linq;
using HeavyRanker.Generators.Diagnostics;
using HeavyRanker.Generators.Emit;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HeavyRanker.Generators;

/// <summary>
/// Compiles every <c>*.ranker.yaml</c> AdditionalFile into the model's record, feature extractor,
/// definition, record binder, model class and scorer, plus its TorchSharp network when the project
/// references HeavyRanker.Training.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RankerGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Parse: runs again only for a spec whose text changed; the result is a value-equal
        // record, so an unchanged spec stops the pipeline here.
        IncrementalValuesProvider<SpecParseResult> parsed = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(SpecParser.FileSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => SpecParser.Parse(file.Path, file.GetText(cancellationToken)?.ToString()))
            .WithTrackingName(TrackingNames.Parse);

        // Options: a single bool read from the reference list, so edits to user code never
        // invalidate the spec outputs.
        IncrementalValueProvider<EmitOptions> options = context.CompilationProvider
            .Select(static (compilation, _) => new EmitOptions(
                ReferencesTraining: compilation.ReferencedAssemblyNames.Any(static name => name.Name == "HeavyRanker.Training")))
            .WithTrackingName(TrackingNames.Options);

        // Claims: which file declares which model. Only names and paths flow into this list,
        // so editing a spec's features leaves it equal and every other spec's output cached.
        IncrementalValueProvider<EquatableArray<ModelClaim>> claims = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => new ModelClaim(result.Spec!.QualifiedName, result.Spec.FilePath))
            .Collect()
            .Select(static (all, _) => new EquatableArray<ModelClaim>(all.OrderBy(static claim => claim.FilePath, StringComparer.Ordinal)))
            .WithTrackingName(TrackingNames.Claims);

        IncrementalValuesProvider<((SpecParseResult Result, EmitOptions Options) Left, EquatableArray<ModelClaim> Claims)> work = parsed
            .Combine(options)
            .Combine(claims)
            .WithTrackingName(TrackingNames.Combine);

        context.RegisterSourceOutput(work, static (production, item) => Emit(production, item.Left.Result, item.Left.Options, item.Claims));
    }

    private static void Emit(SourceProductionContext production, SpecParseResult result, EmitOptions options, EquatableArray<ModelClaim> claims)
    {
        foreach (DiagnosticInfo diagnostic in result.Diagnostics)
        {
            production.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        if (result.Spec is not RankerSpec spec)
        {
            return;
        }

        // Two specs that declare the same model would emit the same types. The file that sorts
        // first (ordinal path order) keeps the name. Every later one gets HR0015 and emits nothing.
        ModelClaim? earlier = claims.FirstOrDefault(claim => claim.QualifiedName == spec.QualifiedName && claim.FilePath != spec.FilePath);
        if (earlier is not null && StringComparer.Ordinal.Compare(earlier.FilePath, spec.FilePath) < 0)
        {
            var duplicate = new DiagnosticInfo(
                DiagnosticDescriptors.DuplicateModel.Id,
                spec.FilePath,
                spec.NamePosition.Line,
                spec.NamePosition.Column,
                spec.NamePosition.Length,
                new EquatableArray<string>(ImmutableArray.Create(spec.Name, spec.Namespace, earlier.FilePath)));
            production.ReportDiagnostic(duplicate.ToDiagnostic());
            return;
        }

        try
        {
            foreach (GeneratedFile file in SpecEmitter.Emit(spec, options))
            {
                production.AddSource(file.HintName, SourceText.From(file.Source, System.Text.Encoding.UTF8));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug in emission must surface as a diagnostic on the spec, never as CS8785.
            var info = new DiagnosticInfo(DiagnosticDescriptors.GeneratorFailure.Id, spec.FilePath, 1, 1, 0, new EquatableArray<string>(ImmutableArray.Create(exception.GetType().Name + ": " + exception.Message)));
            production.ReportDiagnostic(info.ToDiagnostic());
        }
    }
}

/// <summary>Names of the tracked pipeline steps, shared with the caching tests.</summary>
public static class TrackingNames
{
    /// <summary>Parsing and validation of one spec file.</summary>
    public const string Parse = "HeavyRanker.Parse";

    /// <summary>Options read from the compilation.</summary>
    public const string Options = "HeavyRanker.Options";

    /// <summary>The list of which spec file declares which model, for HR0015.</summary>
    public const string Claims = "HeavyRanker.Claims";

    /// <summary>Spec combined with options and the model claims.</summary>
    public const string Combine = "HeavyRanker.Combine";
}

/// <summary>A spec file's claim on a fully qualified model name.</summary>
internal sealed record ModelClaim(string QualifiedName, string FilePath);
