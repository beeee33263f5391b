using HeavyRanker.Runtime.Features;

namespace HeavyRanker.Training;

/// <summary>Training data held as one feature batch with its labels; <see cref="Fill"/> copies rows out of it.</summary>
public sealed class InMemoryTrainingData : ITrainingData
{
    private readonly FeatureBatch _features;
    private readonly float[] _labels;
    private readonly float[]? _dislikes;

    /// <summary>
    /// Wraps <paramref name="features"/> and its raw <paramref name="labels"/> (<c>[Count, taskCount]</c>
    /// row-major) and optional <paramref name="dislikes"/> (<c>[Count]</c>). The arrays are not copied.
    /// </summary>
    public InMemoryTrainingData(FeatureBatch features, float[] labels, int taskCount, float[]? dislikes = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(taskCount, 1);
        if (labels.Length != features.Count * taskCount)
        {
            throw new ArgumentException($"Expected {features.Count} × {taskCount} labels, got {labels.Length}.", nameof(labels));
        }

        if (dislikes is not null && dislikes.Length != features.Count)
        {
            throw new ArgumentException($"Expected {features.Count} dislike labels, got {dislikes.Length}.", nameof(dislikes));
        }

        _features = features;
        _labels = labels;
        _dislikes = dislikes;
        TaskCount = taskCount;
    }

    /// <inheritdoc/>
    public int Count => _features.Count;

    /// <inheritdoc/>
    public int TaskCount { get; }

    /// <inheritdoc/>
    public void Fill(ReadOnlySpan<int> indices, FeatureBatch batch, Span<float> labels, Span<float> dislikes)
    {
        batch.Reset(indices.Length);
        for (int row = 0; row < indices.Length; row++)
        {
            int source = indices[row];
            _features.ContinuousRow(source).CopyTo(batch.ContinuousRow(row));
            _features.BinaryRow(source).CopyTo(batch.BinaryRow(row));
            CopyRow(_features.SparseNotContinuous, source, batch.SparseNotContinuous);
            CopyRow(_features.SparseContinuous, source, batch.SparseContinuous);
            _labels.AsSpan(source * TaskCount, TaskCount).CopyTo(labels.Slice(row * TaskCount, TaskCount));
            dislikes[row] = _dislikes is null ? 0 : _dislikes[source];
        }
    }

    private static void CopyRow(SparseRows from, int row, SparseRows to)
    {
        ReadOnlySpan<int> keys = from.RowKeys(row);
        ReadOnlySpan<float> values = from.RowValues(row);
        for (int entry = 0; entry < keys.Length; entry++)
        {
            to.Add(keys[entry], values[entry]);
        }

        to.EndRow();
    }
}
