namespace HeavyRanker.Runtime.WarmStart;

/// <summary>Settings of a warm start from one model folder into another.</summary>
public sealed record WarmStartOptions
{
    /// <summary>
    /// Seed of the draws for positions whose feature is new. The same seed and inputs give a
    /// byte-identical checkpoint; the seed is stored in the new checkpoint's metadata.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// Whether an existing output folder may be replaced. Its content is first renamed to a
    /// backup folder beside it (<c>NAME.backup-&lt;UTC time&gt;</c>), never deleted.
    /// </summary>
    public bool Overwrite { get; init; }
}
