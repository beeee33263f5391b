namespace HeavyRanker.Training;

/// <summary>The optimizer the trainer uses.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent, as the reference model trains.</summary>
    Sgd,

    /// <summary>
    /// Adam for every dense parameter. The FullSparse tables keep plain SGD at the same learning
    /// rate, because their gradients are sparse and TorchSharp 0.107.0 has neither a sparse Adam
    /// nor sparse-gradient support in its Adam.
    /// </summary>
    Adam,
}

/// <summary>Settings of one training run that the spec does not fix.</summary>
public sealed record TrainerOptions
{
    /// <summary>Folder for <c>best.safetensors</c> and <c>last.safetensors</c>; created when missing.</summary>
    public required string CheckpointDirectory { get; init; }

    /// <summary>Optimizer; null takes the spec's <c>training.optimizer</c>.</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>Continue from <c>last.safetensors</c> in <see cref="CheckpointDirectory"/> when it exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Stop after this many steps in total, or null for no limit.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Records per batch when scoring the validation data.</summary>
    public int EvaluationBatchSize { get; init; } = 4096;

    /// <summary>
    /// Number of training batches whose average statistics replace the moving mean and variance
    /// of every batch-norm layer after training, or 0 to keep the moving averages as the
    /// reference model does. The batches are the first ones of the first epoch's shuffled order,
    /// at most one epoch. See <see cref="ClemNetNetwork.RecalibrateBatchNorm"/>.
    /// </summary>
    public int RecalibrateBatchNormBatches { get; init; }
}

/// <summary>Progress of a training run, reported after every step and every evaluation.</summary>
/// <param name="Step">Steps done so far, over all epochs.</param>
/// <param name="Epoch">Zero-based epoch of the step.</param>
/// <param name="Loss">Loss of the last step.</param>
/// <param name="Metric">Early-stopping metric of the last evaluation, or null before the first.</param>
/// <param name="BestMetric">Best early-stopping metric so far, or null before the first evaluation.</param>
public sealed record TrainingProgress(long Step, int Epoch, double Loss, double? Metric, double? BestMetric);

/// <summary>The outcome of a training run.</summary>
/// <param name="Steps">Steps done, including those of a resumed run.</param>
/// <param name="BestMetric">Best early-stopping metric (NaN when no evaluation ran).</param>
/// <param name="BestStep">Step of the best checkpoint.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run.</param>
/// <param name="BestCheckpointPath">Path of <c>best.safetensors</c>, or null when none was written.</param>
public sealed record TrainingResult(long Steps, double BestMetric, long BestStep, bool StoppedEarly, string? BestCheckpointPath);
