using System.Collections.Generic;

namespace HeavyRanker.Generators.Emit;

// The flat view model that templates render. Every value is text ready to paste into C#
// (literals already formatted with the invariant culture), so templates do no formatting and
// the output cannot depend on the machine's culture. It is built per emission and never cached,
// because the incremental cache stores the RankerSpec.

/// <summary>Everything the templates of one model need.</summary>
internal sealed class ModelViewModel
{
    public string Namespace { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameLiteral { get; set; } = "";

    /// <summary>File name of the spec, for documentation comments only.</summary>
    public string SpecFileName { get; set; } = "";

    public string RecordName { get; set; } = "";

    public string ExtractorName { get; set; } = "";

    public string DefinitionName { get; set; } = "";

    public string NetworkName { get; set; } = "";

    public int FeatureCount { get; set; }

    public int ContinuousCount { get; set; }

    public int BinaryCount { get; set; }

    public int SparseNotContinuousCount { get; set; }

    public int SparseContinuousCount { get; set; }

    public bool HasSparseNotContinuous { get; set; }

    public bool HasSparseContinuous { get; set; }

    public int SparseBits { get; set; }

    public int EmbeddingSize { get; set; }

    public int InputWidth { get; set; }

    public int TaskCount { get; set; }

    public bool HasDislike { get; set; }

    public string DislikeColumnLiteral { get; set; } = "null";

    public string DislikeColumnText { get; set; } = "";

    public bool HasWeight { get; set; }

    public string WeightColumnLiteral { get; set; } = "null";

    public string WeightColumnText { get; set; } = "";

    public List<FeatureViewModel> Features { get; } = new();

    public List<FeatureViewModel> ContinuousFeatures { get; } = new();

    public List<FeatureViewModel> BinaryFeatures { get; } = new();

    /// <summary>DISCRETE, STRING and SPARSE_BINARY features, in spec order.</summary>
    public List<FeatureViewModel> SparseNotContinuousFeatures { get; } = new();

    public List<FeatureViewModel> SparseContinuousFeatures { get; } = new();

    public List<TaskViewModel> Tasks { get; } = new();

    public string ModelTypeLiteral { get; set; } = "";

    public List<BlockViewModel> Blocks { get; } = new();

    /// <summary>C# array expression of the top dense layer sizes.</summary>
    public string TopHiddenUnitsArray { get; set; } = "";

    public string TopActivationLiteral { get; set; } = "";

    public TrainingViewModel Training { get; set; } = new();

    public List<TensorViewModel> Tensors { get; } = new();

    public long ParameterCount { get; set; }

    /// <summary>The resolved spec JSON, to be placed inside a raw string literal.</summary>
    public string SpecJson { get; set; } = "";

    /// <summary>Quote run that opens and closes the raw string literal: longer than any quote run in <see cref="SpecJson"/>.</summary>
    public string RawQuotes { get; set; } = "\"\"\"";

    public string SpecHash { get; set; } = "";
}

/// <summary>One feature, as the record, extractor and definition templates use it.</summary>
internal sealed class FeatureViewModel
{
    /// <summary>twml name escaped for documentation comments.</summary>
    public string NameText { get; set; } = "";

    public string NameLiteral { get; set; } = "";

    /// <summary>Spec spelling of the type, for example <c>sparse_binary</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>twml spelling of the type, for example <c>SPARSE_BINARY</c>.</summary>
    public string TwmlType { get; set; } = "";

    /// <summary>Member of <c>HeavyRanker.Runtime.Models.FeatureType</c>.</summary>
    public string RuntimeType { get; set; } = "";

    public string ColumnText { get; set; } = "";

    public string ColumnLiteral { get; set; } = "";

    public string PropertyName { get; set; } = "";

    /// <summary>Property type including <c>?</c> when missing values are allowed.</summary>
    public string PropertyType { get; set; } = "";

    /// <summary>Initializer after the property (<c> = "";</c>) or empty.</summary>
    public string PropertyInitializer { get; set; } = "";

    /// <summary>Sentence of the property's documentation that says what null or an empty value means.</summary>
    public string MissingRule { get; set; } = "";

    public string LocalName { get; set; } = "";

    public string IdConstName { get; set; } = "";

    public string IdLiteral { get; set; } = "";

    /// <summary>Position in its dense block, or -1 for sparse features.</summary>
    public int Index { get; set; }

    public bool Required { get; set; }

    public bool HasDefault { get; set; }

    /// <summary>Whether a missing value reads as the default: the feature has one and is not required.</summary>
    public bool UsesDefault { get; set; }

    /// <summary>C# literal of the default, typed as the property's value type.</summary>
    public string DefaultLiteral { get; set; } = "";

    /// <summary>Invariant default text as a C# string literal, or <c>null</c>.</summary>
    public string DefaultTextLiteral { get; set; } = "null";

    public string RequiredLiteral { get; set; } = "false";
}

/// <summary>One task.</summary>
internal sealed class TaskViewModel
{
    public int Index { get; set; }

    public string NameText { get; set; } = "";

    public string NameLiteral { get; set; } = "";

    public string LabelColumnText { get; set; } = "";

    public string LabelColumnLiteral { get; set; } = "";

    public string ScoreWeightLiteral { get; set; } = "";

    public string PropertyName { get; set; } = "";
}

/// <summary>One ClemNet block as <c>BlockDefinition</c> constructor arguments.</summary>
internal sealed class BlockViewModel
{
    public string DenseUnits { get; set; } = "null";

    public string ConvKernel { get; set; } = "null";

    public string ConvFilters { get; set; } = "null";

    public string ConvStride { get; set; } = "1";

    public string ActivationLiteral { get; set; } = "";

    public string Residual { get; set; } = "false";
}

/// <summary>Training settings as <c>TrainingDefinition</c> constructor arguments.</summary>
internal sealed class TrainingViewModel
{
    public string OptimizerLiteral { get; set; } = "";

    public string LearningRate { get; set; } = "";

    public string BatchSize { get; set; } = "";

    public string Epochs { get; set; } = "";

    public string EvaluationInterval { get; set; } = "";

    public string EarlyStoppingMetricLiteral { get; set; } = "";

    public string Patience { get; set; } = "";

    public string Tolerance { get; set; } = "";

    public string Seed { get; set; } = "";
}

/// <summary>One checkpoint tensor as <c>TensorShape</c> constructor arguments.</summary>
internal sealed class TensorViewModel
{
    public string NameLiteral { get; set; } = "";

    /// <summary>Comma-separated dimensions.</summary>
    public string Shape { get; set; } = "";

    public string Trainable { get; set; } = "";
}
