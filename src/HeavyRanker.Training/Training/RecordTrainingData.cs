using HeavyRanker.Runtime.Features;

namespace HeavyRanker.Training;

/// <summary>Training data over typed records, read through a model's generated feature and label extractors.</summary>
/// <typeparam name="TRecord">The generated record type.</typeparam>
public sealed class RecordTrainingData<TRecord> : ITrainingData
{
    private readonly IReadOnlyList<TRecord> _records;
    private readonly IFeatureExtractor<TRecord> _features;
    private readonly ILabelExtractor<TRecord> _labels;
    private TRecord[] _selected = Array.Empty<TRecord>();
    private float[] _weights = Array.Empty<float>();

    /// <summary>Wraps <paramref name="records"/>; the list is not copied.</summary>
    public RecordTrainingData(IReadOnlyList<TRecord> records, IFeatureExtractor<TRecord> features, ILabelExtractor<TRecord> labels)
    {
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _features = features ?? throw new ArgumentNullException(nameof(features));
        _labels = labels ?? throw new ArgumentNullException(nameof(labels));
    }

    /// <inheritdoc/>
    public int Count => _records.Count;

    /// <inheritdoc/>
    public int TaskCount => _labels.TaskCount;

    /// <inheritdoc/>
    public void Fill(ReadOnlySpan<int> indices, FeatureBatch batch, Span<float> labels, Span<float> dislikes)
    {
        if (_selected.Length < indices.Length)
        {
            _selected = new TRecord[indices.Length];
            _weights = new float[indices.Length];
        }

        for (int row = 0; row < indices.Length; row++)
        {
            _selected[row] = _records[indices[row]];
        }

        ReadOnlySpan<TRecord> selected = _selected.AsSpan(0, indices.Length);
        _features.Extract(selected, batch);
        _labels.ExtractLabels(selected, labels, dislikes, _weights.AsSpan(0, indices.Length));
    }
}
