using HeavyRanker.Runtime.Features;

namespace HeavyRanker.Training;

/// <summary>
/// Labelled records the trainer reads by index. The trainer shuffles the indices itself and
/// requests one mini-batch at a time, so an implementation only has to gather rows: from
/// memory (<see cref="InMemoryTrainingData"/>), or from typed records through the generated
/// feature and label extractors (<see cref="RecordTrainingData{TRecord}"/>).
/// </summary>
public interface ITrainingData
{
    /// <summary>Number of records.</summary>
    int Count { get; }

    /// <summary>Number of tasks, the row width of the label matrix.</summary>
    int TaskCount { get; }

    /// <summary>
    /// Writes the records at <paramref name="indices"/>, in that order, into
    /// <paramref name="batch"/> (reset to <c>indices.Length</c> rows), their raw task labels into
    /// <paramref name="labels"/> (<c>[indices.Length, TaskCount]</c> row-major) and their dislike
    /// labels into <paramref name="dislikes"/> (0 when the data has none).
    /// </summary>
    void Fill(ReadOnlySpan<int> indices, FeatureBatch batch, Span<float> labels, Span<float> dislikes);
}
