namespace HeavyRanker.Generators.Model;

// The spec model. Caching contract: these records hold only strings, numbers, enums and
// EquatableArray values (no Roslyn, YamlDotNet or Scriban objects), so two parses of the
// same text compare equal and the incremental pipeline skips emission when nothing changed.

/// <summary>The six twml feature types, as written in a spec (lower snake case).</summary>
internal enum FeatureKind
{
    Continuous,
    Binary,
    Discrete,
    String,
    SparseBinary,
    SparseContinuous,
}

/// <summary>A span in the spec file: 1-based line and column as editors show them, and a length.</summary>
internal sealed record SpecPosition(int Line, int Column, int Length);

/// <summary>A resolved, validated spec: every default is filled in.</summary>
internal sealed record RankerSpec(
    string FilePath,
    string Name,
    string Namespace,
    EquatableArray<TaskSpec> Tasks,
    string? DislikeColumn,
    string? WeightColumn,
    EquatableArray<FeatureSpec> Features,
    SparseSpec Sparse,
    ArchitectureSpec Architecture,
    TrainingSpec Training,
    SpecPosition NamePosition)
{
    /// <summary>The fully qualified name of the generated types' prefix; two specs must not share it.</summary>
    public string QualifiedName => Namespace + "." + Name;
}

/// <summary>One task: a tower, its label column and its weight in the score.</summary>
internal sealed record TaskSpec(string Name, string LabelColumn, double ScoreWeight, string PropertyName);

/// <summary>
/// One feature. <see cref="Default"/> is the invariant text of the default value (null for the
/// type's own rule); <see cref="PropertyName"/> is the C# identifier derived from the name.
/// </summary>
internal sealed record FeatureSpec(
    string Name,
    FeatureKind Kind,
    string Column,
    bool Required,
    string? Default,
    string PropertyName,
    long FeatureId);

/// <summary>Hashed sparse settings.</summary>
internal sealed record SparseSpec(int Bits, int EmbeddingSize);

/// <summary>The model architecture; <see cref="ModelType"/> names an entry of the model type registry.</summary>
internal sealed record ArchitectureSpec(
    string ModelType,
    EquatableArray<BlockSpec> Blocks,
    EquatableArray<int> TopHiddenUnits,
    string TopActivation);

/// <summary>One ClemNet block. A null <see cref="DenseUnits"/> or <see cref="Conv"/> means that step is absent.</summary>
internal sealed record BlockSpec(int? DenseUnits, ConvSpec? Conv, string Activation, bool Residual);

/// <summary>The 1-D convolution of a block; padding is always TensorFlow's SAME.</summary>
internal sealed record ConvSpec(int Kernel, int Filters, int Stride, string Padding);

/// <summary>Training settings, validated at build time and used by the trainer.</summary>
internal sealed record TrainingSpec(
    string Optimizer,
    double LearningRate,
    int BatchSize,
    int Epochs,
    int EvaluationInterval,
    string EarlyStoppingMetric,
    int Patience,
    double Tolerance,
    int Seed);
