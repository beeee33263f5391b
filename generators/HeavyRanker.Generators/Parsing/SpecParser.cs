using System;
using System.Collections.Generic;
using System.Linq;
using HeavyRanker.Generators.Diagnostics;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.ModelTypes;
using HeavyRanker.Runtime.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>
/// Parses and validates one <c>.ranker.yaml</c> spec into a <see cref="RankerSpec"/>. It never
/// throws: every problem becomes a diagnostic at the offending node, and it reports as many
/// problems as it can find in one pass. The spec is returned only when there are none.
/// </summary>
internal static class SpecParser
{
    public const string FileSuffix = ".ranker.yaml";

    private static readonly string[] TopLevelKeys = { "model", "tasks", "dislike_label", "weight_column", "features", "sparse", "architecture", "training" };
    private static readonly string[] ModelKeys = { "name", "namespace" };
    private static readonly string[] SparseKeys = { "bits", "embedding_size" };
    private static readonly string[] ArchitectureTypeKey = { "type" };

    public static SpecParseResult Parse(string path, string? text)
    {
        var context = new ParseContext(path ?? string.Empty, text ?? string.Empty);
        RankerSpec? spec = null;
        try
        {
            spec = ParseText(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug in the parser becomes a diagnostic on the spec, because an exception escaping
            // the generator fails the whole build with CS8785.
            context.Report(DiagnosticDescriptors.GeneratorFailure, Mark.Empty, 0, exception.GetType().Name + ": " + exception.Message);
        }

        return new SpecParseResult(context.HasErrors ? null : spec, context.ToDiagnostics());
    }

    private static RankerSpec? ParseText(ParseContext context)
    {
        if (context.Text.Trim().Length == 0)
        {
            context.Report(DiagnosticDescriptors.EmptySpec, Mark.Empty, 0);
            return null;
        }

        YamlNode? root = YamlLoader.Load(context);
        if (root is null)
        {
            return null;
        }

        MappingReader? spec = MappingReader.Open(context, string.Empty, root, null, TopLevelKeys);
        if (spec is null)
        {
            return null;
        }

        // Sections are read in dependency order: the residual check of the architecture needs
        // the model input width, which the features and the sparse settings determine.
        (string Name, string Namespace, SpecPosition NamePosition)? model = ParseModel(spec);
        TaskSection tasks = TaskParser.Parse(spec, context);
        int errorsBeforeFeatures = context.ErrorCount;
        List<ParsedFeature>? features = FeatureParser.Parse(spec, context);
        SparseSpec sparse = ParseSparse(spec);
        bool inputValid = features is not null && context.ErrorCount == errorsBeforeFeatures;
        SpecValidator.Validate(context, model?.Name, tasks, features ?? new List<ParsedFeature>());

        int? inputWidth = inputValid ? InputWidth(features!, sparse) : null;
        ArchitectureSpec? architecture = ParseArchitecture(spec, context, inputWidth);
        TrainingSpec training = TrainingParser.Parse(spec);

        if (context.HasErrors || model is null || architecture is null || features is null)
        {
            return null;
        }

        return new RankerSpec(
            context.Path,
            model.Value.Name,
            model.Value.Namespace,
            new EquatableArray<TaskSpec>(tasks.Tasks.Select(task => task.Spec!)),
            tasks.DislikeColumn?.Value,
            tasks.WeightColumn?.Value,
            new EquatableArray<FeatureSpec>(features.Select(feature => feature.ToSpec())),
            sparse,
            architecture,
            training,
            model.Value.NamePosition);
    }

    private static (string Name, string Namespace, SpecPosition NamePosition)? ParseModel(MappingReader spec)
    {
        if (spec.Value("model") is null)
        {
            spec.Context.Report(DiagnosticDescriptors.MissingField, spec.Location, "model", spec.Description);
            return null;
        }

        MappingReader? model = spec.OpenMapping("model", ModelKeys);
        if (model is null)
        {
            return null;
        }

        string? name = model.ReadText("name", required: true);
        string? space = model.ReadText("namespace", required: true);
        bool valid = name is not null && space is not null;

        if (name is not null && !IsModelName(name, out string reason))
        {
            ReportInvalidName(model, "name", name, "model name", reason);
            valid = false;
        }

        if (space is not null && !CSharpNames.IsNamespace(space))
        {
            ReportInvalidName(model, "namespace", space, "C# namespace", "Use C# identifiers separated by dots, for example 'MyCompany.Ranking'.");
            valid = false;
        }

        if (!valid)
        {
            return null;
        }

        YamlNode nameNode = model.Value("name")!;
        var position = new SpecPosition((int)nameNode.Start.Line, (int)nameNode.Start.Column, spec.Context.LengthOf(nameNode));
        return (name!, space!, position);
    }

    private static bool IsModelName(string name, out string reason)
    {
        if (CSharpNames.IsKeyword(name))
        {
            reason = "It is a C# keyword. Use a PascalCase name such as 'NotificationRanker'.";
            return false;
        }

        if (!CSharpNames.IsIdentifier(name))
        {
            string suggestion = CSharpNames.ToPascalCase(name);
            reason = "Use a C# identifier (letters, digits and underscores, not starting with a digit)"
                + (suggestion.Length > 0 && CSharpNames.IsIdentifier(suggestion) ? ", for example '" + suggestion + "'." : ".");
            return false;
        }

        // Generated type names start with the model name, and .NET type names are PascalCase.
        if (!char.IsUpper(name[0]))
        {
            reason = "Start it with an upper-case letter (PascalCase), for example '" + char.ToUpperInvariant(name[0]) + name.Substring(1) + "'.";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private static void ReportInvalidName(MappingReader mapping, string key, string value, string what, string reason) =>
        mapping.Context.Report(DiagnosticDescriptors.InvalidIdentifier, mapping.NodeOf(key), mapping.FieldPath(key), value, what, reason);

    private static SparseSpec ParseSparse(MappingReader spec)
    {
        MappingReader? sparse = spec.OpenMapping("sparse", SparseKeys);
        if (sparse is null)
        {
            return SpecDefaults.Sparse;
        }

        int bits = sparse.ReadInteger("bits", SpecDefaults.Sparse.Bits, SpecDefaults.MinSparseBits, SpecDefaults.MaxSparseBits);
        int embeddingSize = sparse.ReadInteger("embedding_size", SpecDefaults.Sparse.EmbeddingSize, 1, SpecDefaults.MaxEmbeddingSize);
        return new SparseSpec(bits, embeddingSize);
    }

    private static int InputWidth(List<ParsedFeature> features, SparseSpec sparse)
    {
        int continuous = features.Count(feature => feature.Kind == FeatureKind.Continuous);
        int binary = features.Count(feature => feature.Kind == FeatureKind.Binary);
        bool sparseContinuous = features.Any(feature => feature.Kind == FeatureKind.SparseContinuous);
        bool sparseNotContinuous = features.Any(feature => feature.Kind is FeatureKind.Discrete or FeatureKind.String or FeatureKind.SparseBinary);
        return ClemNetLayout.InputWidth(continuous, binary, sparseNotContinuous, sparseContinuous, sparse.EmbeddingSize);
    }

    private static ArchitectureSpec? ParseArchitecture(MappingReader spec, ParseContext context, int? inputWidth)
    {
        YamlNode? node = spec.Value("architecture");
        if (node is null || ScalarValues.IsNull(node))
        {
            return ModelTypeRegistry.Default.Parse(MappingReader.Empty(context, spec.FieldPath("architecture"), node ?? spec.Location), context, inputWidth);
        }

        // The valid keys depend on the type, so read 'type' first with a reader that checks no keys.
        MappingReader? typeReader = MappingReader.OpenUnchecked(context, spec.FieldPath("architecture"), node, spec.Key("architecture"));
        if (typeReader is null)
        {
            return null;
        }

        int errorsBefore = context.ErrorCount;
        string typeName = typeReader.ReadChoice("type", ModelTypeRegistry.Default.Name, ModelTypeRegistry.Names);
        IModelType? modelType = ModelTypeRegistry.Find(typeName);
        if (modelType is null || context.ErrorCount != errorsBefore)
        {
            // Without a known type there is no list of valid keys to check the rest against.
            return null;
        }

        MappingReader? architecture = MappingReader.Open(context, spec.FieldPath("architecture"), node, spec.Key("architecture"), ArchitectureTypeKey.Concat(modelType.Keys).ToArray());
        return architecture is null ? null : modelType.Parse(architecture, context, inputWidth);
    }
}
