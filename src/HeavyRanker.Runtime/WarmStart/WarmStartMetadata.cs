namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// Checkpoint metadata keys that a warm start adds to those of
/// <see cref="Checkpoints.CheckpointMetadata"/>. The new checkpoint's <c>step</c> is 0, because
/// a warm start begins a new training run; the old step is kept under <see cref="SourceStepKey"/>.
/// </summary>
public static class WarmStartMetadata
{
    /// <summary>Key of the seed of the draws for new positions, an invariant integer.</summary>
    public const string SeedKey = "warm_start_seed";

    /// <summary>Key of the spec hash of the checkpoint the weights came from.</summary>
    public const string SourceSpecHashKey = "warm_started_from";

    /// <summary>Key of the training step of the checkpoint the weights came from.</summary>
    public const string SourceStepKey = "warm_started_from_step";
}
