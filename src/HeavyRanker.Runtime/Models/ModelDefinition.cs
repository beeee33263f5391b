namespace HeavyRanker.Runtime.Models;

/// <summary>The six twml feature types.</summary>
public enum FeatureType
{
    /// <summary>A double in the dense continuous block.</summary>
    Continuous,

    /// <summary>A bool in the dense binary block.</summary>
    Binary,

    /// <summary>An int64 hashed into the sparse not-continuous group.</summary>
    Discrete,

    /// <summary>A string hashed into the sparse not-continuous group.</summary>
    String,

    /// <summary>A set of strings, each hashed into the sparse not-continuous group.</summary>
    SparseBinary,

    /// <summary>A map of string to double; each entry goes to the sparse continuous group.</summary>
    SparseContinuous,
}

/// <summary>One feature of a compiled spec.</summary>
/// <param name="Name">twml feature name, for example <c>user.age</c>.</param>
/// <param name="Type">twml feature type.</param>
/// <param name="Column">Source column in the data files.</param>
/// <param name="FeatureId">twml feature id of <paramref name="Name"/>.</param>
/// <param name="PropertyName">C# property of the generated record.</param>
/// <param name="Required">Whether a record must carry a value (the property is not nullable).</param>
/// <param name="Default">Value used when the record has none, in invariant text form, or null for the type's rule (0, false, no entries).</param>
public sealed record FeatureDefinition(
    string Name,
    FeatureType Type,
    string Column,
    long FeatureId,
    string PropertyName,
    bool Required,
    string? Default);

/// <summary>One prediction task (one ClemNet tower).</summary>
/// <param name="Name">Task name, for example <c>open</c>.</param>
/// <param name="LabelColumn">Column holding the 0/1 label.</param>
/// <param name="ScoreWeight">Non-negative weight of the task's probability in the score.</param>
public sealed record TaskDefinition(string Name, string LabelColumn, double ScoreWeight);

/// <summary>One ClemNet block with all defaults resolved.</summary>
/// <param name="DenseUnits">Output length of the channel-wise dense step, or null when absent.</param>
/// <param name="ConvKernel">Convolution kernel width, or null when the block has no convolution.</param>
/// <param name="ConvFilters">Convolution output channels, or null when absent.</param>
/// <param name="ConvStride">Convolution stride.</param>
/// <param name="Activation">Activation name: <c>relu</c>, <c>tanh</c>, <c>sigmoid</c> or <c>linear</c>.</param>
/// <param name="Residual">Whether a 1×1 convolution of the block input is added to its output.</param>
public sealed record BlockDefinition(int? DenseUnits, int? ConvKernel, int? ConvFilters, int ConvStride, string Activation, bool Residual);

/// <summary>The architecture of a compiled spec.</summary>
/// <param name="ModelType">Registered model type, for now always <c>clemnet</c>.</param>
/// <param name="Blocks">Blocks of each tower, input first.</param>
/// <param name="TopHiddenUnits">Sizes of dense layers between the flattened last block and the logit (often none).</param>
/// <param name="TopActivation">Activation of those dense layers.</param>
public sealed record ArchitectureDefinition(string ModelType, IReadOnlyList<BlockDefinition> Blocks, IReadOnlyList<int> TopHiddenUnits, string TopActivation);

/// <summary>Training settings of a compiled spec.</summary>
/// <param name="Optimizer"><c>sgd</c> or <c>adam</c>.</param>
/// <param name="LearningRate">Step size.</param>
/// <param name="BatchSize">Records per step.</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="EvaluationInterval">Steps between evaluations on the validation data.</param>
/// <param name="EarlyStoppingMetric">Metric that early stopping maximises, <c>pr_auc</c> or <c>roc_auc</c>, on the first task.</param>
/// <param name="Patience">Evaluations without improvement before training stops.</param>
/// <param name="Tolerance">Smallest metric increase that counts as an improvement.</param>
/// <param name="Seed">Seed for initialisation and shuffling.</param>
public sealed record TrainingDefinition(
    string Optimizer,
    double LearningRate,
    int BatchSize,
    int Epochs,
    int EvaluationInterval,
    string EarlyStoppingMetric,
    int Patience,
    double Tolerance,
    int Seed);

/// <summary>
/// A compiled <c>.ranker.yaml</c> spec as constants. The generator implements this for every
/// model; the trainer, checkpoint IO, scorer, exporter and CLI work through it.
/// </summary>
public interface IModelDefinition
{
    /// <summary>Model name, the spec's <c>model.name</c>.</summary>
    string Name { get; }

    /// <summary>Lower-case hex SHA-256 of <see cref="SpecJson"/>; checkpoints record it.</summary>
    string SpecHash { get; }

    /// <summary>The resolved spec (every default filled in) as indented JSON.</summary>
    string SpecJson { get; }

    /// <summary>Every feature in spec order.</summary>
    IReadOnlyList<FeatureDefinition> Features { get; }

    /// <summary>Names of the continuous features, in input order.</summary>
    IReadOnlyList<string> ContinuousFeatures { get; }

    /// <summary>Names of the binary features, in input order.</summary>
    IReadOnlyList<string> BinaryFeatures { get; }

    /// <summary>Whether any DISCRETE, STRING or SPARSE_BINARY feature exists.</summary>
    bool HasSparseNotContinuous { get; }

    /// <summary>Whether any SPARSE_CONTINUOUS feature exists.</summary>
    bool HasSparseContinuous { get; }

    /// <summary>Hashed key space is 2^SparseBits columns.</summary>
    int SparseBits { get; }

    /// <summary>Output width E of each FullSparse layer.</summary>
    int EmbeddingSize { get; }

    /// <summary>Model input width F = Nc + Nb + E per present sparse group.</summary>
    int InputWidth { get; }

    /// <summary>Tasks in tower order; the first is the one early stopping watches.</summary>
    IReadOnlyList<TaskDefinition> Tasks { get; }

    /// <summary>Column whose 1 marks a disliked notification (all labels become 0), or null.</summary>
    string? DislikeColumn { get; }

    /// <summary>Column of per-record weights used by weighted metrics, or null.</summary>
    string? WeightColumn { get; }

    /// <summary>Architecture with defaults resolved.</summary>
    ArchitectureDefinition Architecture { get; }

    /// <summary>Training settings with defaults resolved.</summary>
    TrainingDefinition Training { get; }

    /// <summary>Every checkpoint tensor with its shape, in a fixed order.</summary>
    IReadOnlyList<TensorShape> Tensors { get; }
}
