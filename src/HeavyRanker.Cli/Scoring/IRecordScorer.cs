namespace HeavyRanker.Cli.Scoring;

/// <summary>
/// Computes the task probabilities and the score of records with a trained model. The
/// <c>eval</c> and <c>score</c> commands use only this interface, so the inference engine can be
/// swapped in <see cref="RecordScorers"/> without touching them.
/// </summary>
/// <typeparam name="TRecord">The generated record type.</typeparam>
internal interface IRecordScorer<TRecord> : IDisposable
{
    /// <summary>Number of tasks, the row width of the probability matrix.</summary>
    int TaskCount { get; }

    /// <summary>
    /// Scores <paramref name="records"/>. <paramref name="probabilities"/> receives
    /// <c>[records.Length, TaskCount]</c> row-major: task 0's probability, then the joint
    /// probabilities of later tasks (the cumulative product along the towers).
    /// <paramref name="scores"/> receives the task-weighted score of each record.
    /// </summary>
    void Score(ReadOnlySpan<TRecord> records, Span<float> probabilities, Span<float> scores);
}
