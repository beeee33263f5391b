using System.Collections.Immutable;
using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Parsing;

/// <summary>
/// Values a spec gets for what it leaves out. They follow the reference notification heavy
/// ranker, and docs/spec-reference.md lists them, so change both together.
/// </summary>
internal static class SpecDefaults
{
    /// <summary>Suffix of a task's label property: task <c>open</c> becomes <c>OpenLabel</c>.</summary>
    public const string LabelPropertySuffix = "Label";

    public const int MaxTasks = 8;

    public const double ScoreWeight = 1.0;

    /// <summary>The reference tasks: open (label <c>label</c>, weight 0.9) and engage (<c>label.engagement</c>, 0.1).</summary>
    public static readonly EquatableArray<TaskSpec> Tasks = new(ImmutableArray.Create(
        new TaskSpec("open", "label", 0.9, "Open" + LabelPropertySuffix),
        new TaskSpec("engage", "label.engagement", 0.1, "Engage" + LabelPropertySuffix)));

    public static readonly SparseSpec Sparse = new(Bits: 18, EmbeddingSize: 50);

    public const int MinSparseBits = 1;

    public const int MaxSparseBits = 30;

    public const int MaxEmbeddingSize = 1024;

    public static readonly TrainingSpec Training = new(
        Optimizer: "sgd",
        LearningRate: 0.01,
        BatchSize: 256,
        Epochs: 1,
        EvaluationInterval: 500,
        EarlyStoppingMetric: "pr_auc",
        Patience: 5,
        Tolerance: 0.0001,
        Seed: 42);

    /// <summary>Batch normalisation needs at least two records in a batch to estimate a variance.</summary>
    public const int MinBatchSize = 2;

    public const int MaxBatchSize = 65536;

    /// <summary>Property names the generated record declares besides features and task labels.</summary>
    public const string DislikeLabelProperty = "DislikeLabel";

    public const string WeightProperty = "Weight";

    /// <summary>Suffix of the generated record type: model <c>NotificationRanker</c> gets <c>NotificationRankerRecord</c>.</summary>
    public const string RecordTypeSuffix = "Record";
}
