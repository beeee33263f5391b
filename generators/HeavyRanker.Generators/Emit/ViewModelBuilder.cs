using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using HeavyRanker.Generators.Model;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Generators.Emit;

/// <summary>Turns a validated <see cref="RankerSpec"/> into the <see cref="ModelViewModel"/> that templates render.</summary>
internal static class ViewModelBuilder
{
    public static ModelViewModel Build(RankerSpec spec)
    {
        var model = new ModelViewModel
        {
            Namespace = spec.Namespace,
            Name = spec.Name,
            NameLiteral = CSharpLiterals.String(spec.Name),
            SpecFileName = CSharpLiterals.XmlText(FileName(spec.FilePath)),
            RecordName = spec.Name + "Record",
            ExtractorName = spec.Name + "FeatureExtractor",
            DefinitionName = spec.Name + "Definition",
            NetworkName = spec.Name + "Network",
            FeatureCount = spec.Features.Count,
            SparseBits = spec.Sparse.Bits,
            EmbeddingSize = spec.Sparse.EmbeddingSize,
            TaskCount = spec.Tasks.Count,
            HasDislike = spec.DislikeColumn is not null,
            DislikeColumnLiteral = CSharpLiterals.String(spec.DislikeColumn),
            DislikeColumnText = CSharpLiterals.XmlText(spec.DislikeColumn ?? ""),
            HasWeight = spec.WeightColumn is not null,
            WeightColumnLiteral = CSharpLiterals.String(spec.WeightColumn),
            WeightColumnText = CSharpLiterals.XmlText(spec.WeightColumn ?? ""),
        };

        AddFeatures(model, spec);
        AddTasks(model, spec);
        AddArchitecture(model, spec);
        AddTraining(model, spec.Training);
        AddTensors(model, spec);

        string json = SpecJsonWriter.Write(spec);
        model.SpecJson = json;
        model.RawQuotes = RawQuotesFor(json);
        model.SpecHash = Sha256Hex(json);
        return model;
    }

    /// <summary>Returns the lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(string text)
    {
        using SHA256 sha = SHA256.Create();
        byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        var hex = new StringBuilder(digest.Length * 2);
        foreach (byte value in digest)
        {
            hex.Append(value.ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    private static void AddFeatures(ModelViewModel model, RankerSpec spec)
    {
        foreach (FeatureSpec feature in spec.Features)
        {
            var view = new FeatureViewModel
            {
                NameText = CSharpLiterals.XmlText(feature.Name),
                NameLiteral = CSharpLiterals.String(feature.Name),
                Kind = FeatureKinds.SpecName(feature.Kind),
                TwmlType = FeatureKinds.TwmlName(feature.Kind),
                RuntimeType = FeatureKinds.RuntimeTypeName(feature.Kind),
                ColumnText = CSharpLiterals.XmlText(feature.Column),
                ColumnLiteral = CSharpLiterals.String(feature.Column),
                PropertyName = feature.PropertyName,
                LocalName = CSharpLiterals.LocalName(feature.PropertyName),
                IdConstName = feature.PropertyName + "FeatureId",
                IdLiteral = CSharpLiterals.Long(feature.FeatureId),
                Index = -1,
                Required = feature.Required,
                RequiredLiteral = CSharpLiterals.Bool(feature.Required),
                HasDefault = feature.Default is not null,
                UsesDefault = feature.Default is not null && !feature.Required,
                DefaultTextLiteral = CSharpLiterals.String(feature.Default),
            };

            SetPropertyShape(view, feature);
            model.Features.Add(view);
            switch (feature.Kind)
            {
                case FeatureKind.Continuous:
                    view.Index = model.ContinuousFeatures.Count;
                    model.ContinuousFeatures.Add(view);
                    break;
                case FeatureKind.Binary:
                    view.Index = model.BinaryFeatures.Count;
                    model.BinaryFeatures.Add(view);
                    break;
                case FeatureKind.SparseContinuous:
                    model.SparseContinuousFeatures.Add(view);
                    break;
                default:
                    model.SparseNotContinuousFeatures.Add(view);
                    break;
            }
        }

        model.ContinuousCount = model.ContinuousFeatures.Count;
        model.BinaryCount = model.BinaryFeatures.Count;
        model.SparseNotContinuousCount = model.SparseNotContinuousFeatures.Count;
        model.SparseContinuousCount = model.SparseContinuousFeatures.Count;
        model.HasSparseNotContinuous = model.SparseNotContinuousCount > 0;
        model.HasSparseContinuous = model.SparseContinuousCount > 0;
        model.InputWidth = ClemNetLayout.InputWidth(
            model.ContinuousCount, model.BinaryCount, model.HasSparseNotContinuous, model.HasSparseContinuous, model.EmbeddingSize);
    }

    /// <summary>Sets the property type, initializer, default literal and the sentence on missing values.</summary>
    private static void SetPropertyShape(FeatureViewModel view, FeatureSpec feature)
    {
        string type = FeatureKinds.ClrType(feature.Kind);
        view.PropertyType = feature.Required ? type : type + "?";
        if (feature.Default is string text)
        {
            view.DefaultLiteral = DefaultLiteral(feature.Kind, text);
        }

        if (feature.Required)
        {
            view.MissingRule = "Required.";
            view.PropertyInitializer = feature.Kind switch
            {
                FeatureKind.String => " = \"\";",
                FeatureKind.SparseBinary => " = global::System.Collections.Frozen.FrozenSet<string>.Empty;",
                FeatureKind.SparseContinuous => " = global::System.Collections.Frozen.FrozenDictionary<string, double>.Empty;",
                _ => "",
            };
            return;
        }

        string defaultText = feature.Default is null ? "" : CSharpLiterals.XmlText(feature.Default);
        view.MissingRule = (feature.Kind, feature.Default is null) switch
        {
            (FeatureKind.Continuous, true) => "Null means missing, which reads as 0.",
            (FeatureKind.Binary, true) => "Null means missing, which reads as false.",
            (FeatureKind.SparseContinuous, true) => "Null means missing: no entries.",
            (_, true) => "Null means missing: no entry.",
            (FeatureKind.String, false) => "Null means missing, which reads as the default <c>" + defaultText + "</c>.",
            _ => "Null means missing, which reads as the default " + defaultText + ".",
        };
    }

    private static string DefaultLiteral(FeatureKind kind, string text) => kind switch
    {
        FeatureKind.Continuous => CSharpLiterals.Double(FeatureKinds.ParseDouble(text)),
        FeatureKind.Binary => CSharpLiterals.Bool(FeatureKinds.ParseBool(text)),
        FeatureKind.Discrete => CSharpLiterals.Long(FeatureKinds.ParseLong(text)),
        FeatureKind.String => CSharpLiterals.String(text),

        // The parser rejects a default on a sparse feature (a missing set or map reads as empty).
        _ => throw new NotSupportedException("A " + FeatureKinds.SpecName(kind) + " feature cannot have a default."),
    };

    private static void AddTasks(ModelViewModel model, RankerSpec spec)
    {
        for (int index = 0; index < spec.Tasks.Count; index++)
        {
            TaskSpec task = spec.Tasks[index];
            model.Tasks.Add(new TaskViewModel
            {
                Index = index,
                NameText = CSharpLiterals.XmlText(task.Name),
                NameLiteral = CSharpLiterals.String(task.Name),
                LabelColumnText = CSharpLiterals.XmlText(task.LabelColumn),
                LabelColumnLiteral = CSharpLiterals.String(task.LabelColumn),
                ScoreWeightLiteral = CSharpLiterals.Double(task.ScoreWeight),
                PropertyName = task.PropertyName,
            });
        }
    }

    private static void AddArchitecture(ModelViewModel model, RankerSpec spec)
    {
        ArchitectureSpec architecture = spec.Architecture;
        model.ModelTypeLiteral = CSharpLiterals.String(architecture.ModelType);
        model.TopActivationLiteral = CSharpLiterals.String(architecture.TopActivation);
        model.TopHiddenUnitsArray = architecture.TopHiddenUnits.Count == 0
            ? "global::System.Array.Empty<int>()"
            : "new int[] { " + string.Join(", ", architecture.TopHiddenUnits.Select(CSharpLiterals.Int)) + " }";
        foreach (BlockSpec block in architecture.Blocks)
        {
            model.Blocks.Add(new BlockViewModel
            {
                DenseUnits = block.DenseUnits is int units ? CSharpLiterals.Int(units) : "null",
                ConvKernel = block.Conv is ConvSpec kernelConv ? CSharpLiterals.Int(kernelConv.Kernel) : "null",
                ConvFilters = block.Conv is ConvSpec filterConv ? CSharpLiterals.Int(filterConv.Filters) : "null",
                ConvStride = CSharpLiterals.Int(block.Conv?.Stride ?? 1),
                ActivationLiteral = CSharpLiterals.String(block.Activation),
                Residual = CSharpLiterals.Bool(block.Residual),
            });
        }
    }

    private static void AddTraining(ModelViewModel model, TrainingSpec training)
    {
        model.Training = new TrainingViewModel
        {
            OptimizerLiteral = CSharpLiterals.String(training.Optimizer),
            LearningRate = CSharpLiterals.Double(training.LearningRate),
            BatchSize = CSharpLiterals.Int(training.BatchSize),
            Epochs = CSharpLiterals.Int(training.Epochs),
            EvaluationInterval = CSharpLiterals.Int(training.EvaluationInterval),
            EarlyStoppingMetricLiteral = CSharpLiterals.String(training.EarlyStoppingMetric),
            Patience = CSharpLiterals.Int(training.Patience),
            Tolerance = CSharpLiterals.Double(training.Tolerance),
            Seed = CSharpLiterals.Int(training.Seed),
        };
    }

    /// <summary>Evaluates the checkpoint layout now, so the definition carries it as literals.</summary>
    private static void AddTensors(ModelViewModel model, RankerSpec spec)
    {
        var blocks = spec.Architecture.Blocks
            .Select(block => new ClemNetBlockShape(block.DenseUnits, block.Conv?.Kernel, block.Conv?.Filters, block.Conv?.Stride ?? 1, block.Residual))
            .ToList();
        IReadOnlyList<TensorShape> tensors = ClemNetLayout.Tensors(
            model.ContinuousCount,
            model.BinaryCount,
            model.HasSparseNotContinuous,
            model.HasSparseContinuous,
            model.SparseBits,
            model.EmbeddingSize,
            model.TaskCount,
            blocks,
            spec.Architecture.TopHiddenUnits.ToList());

        foreach (TensorShape tensor in tensors)
        {
            model.Tensors.Add(new TensorViewModel
            {
                NameLiteral = CSharpLiterals.String(tensor.Name),
                Shape = string.Join(", ", tensor.Shape.Select(CSharpLiterals.Int)),
                Trainable = CSharpLiterals.Bool(tensor.Trainable),
            });
            model.ParameterCount += tensor.ElementCount;
        }
    }

    private static string RawQuotesFor(string text)
    {
        int longest = 0;
        int run = 0;
        foreach (char character in text)
        {
            run = character == '"' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('"', Math.Max(3, longest + 1));
    }

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash >= 0 ? path.Substring(slash + 1) : path;
    }
}
