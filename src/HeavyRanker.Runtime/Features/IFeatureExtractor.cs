namespace HeavyRanker.Runtime.Features;

/// <summary>
/// Fills a <see cref="FeatureBatch"/> from typed records. The generator implements it for every
/// model spec as <c>&lt;Name&gt;FeatureExtractor</c>, with feature ids and block positions as constants.
/// </summary>
/// <typeparam name="TRecord">The generated record type of the model.</typeparam>
public interface IFeatureExtractor<TRecord>
{
    /// <summary>
    /// Resets <paramref name="batch"/> to <c>records.Length</c> rows and writes the continuous
    /// block, the binary block and both hashed sparse groups of every record.
    /// </summary>
    /// <exception cref="System.ArgumentException">The batch widths do not match the model, or a record is null.</exception>
    void Extract(ReadOnlySpan<TRecord> records, FeatureBatch batch);
}

/// <summary>Reads the training targets of typed records: task labels, the dislike flag and the record weight.</summary>
/// <typeparam name="TRecord">The generated record type of the model.</typeparam>
public interface ILabelExtractor<TRecord>
{
    /// <summary>Number of tasks, the row width of the label matrix.</summary>
    int TaskCount { get; }

    /// <summary>
    /// Writes the labels of every record as they are stored: <paramref name="labels"/> is
    /// <c>[records.Length, TaskCount]</c> row-major, <paramref name="dislikes"/> gets the dislike
    /// label (0 when the spec has no dislike column) and <paramref name="weights"/> the record
    /// weight (1 when the spec has no weight column). The dislike flip, which zeroes every task
    /// label of a disliked record, is left to the caller.
    /// </summary>
    /// <exception cref="System.ArgumentException">A span is shorter than the records need, or a record is null.</exception>
    void ExtractLabels(ReadOnlySpan<TRecord> records, Span<float> labels, Span<float> dislikes, Span<float> weights);
}
