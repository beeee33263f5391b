using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Cli.Scoring;

/// <summary>Scores records with the pure-C# <see cref="ClemNetScorer"/>, spreading large batches over all cores.</summary>
internal sealed class ClemNetRecordScorer<TRecord> : IRecordScorer<TRecord>
{
    private readonly ClemNetScorer _scorer;
    private readonly IFeatureExtractor<TRecord> _extractor;
    private FeatureBatch? _batch;
    private float[] _probabilities = [];
    private float[] _scores = [];

    public ClemNetRecordScorer(ClemNetScorer scorer, IFeatureExtractor<TRecord> extractor)
    {
        _scorer = scorer;
        _extractor = extractor;
    }

    public int TaskCount => _scorer.TaskCount;

    public void Score(ReadOnlySpan<TRecord> records, Span<float> probabilities, Span<float> scores)
    {
        if (records.Length == 0)
        {
            return;
        }

        if (_batch is null || _batch.Capacity < records.Length)
        {
            _batch = FeatureBatch.For(_scorer.Definition, records.Length);
            _probabilities = new float[records.Length * TaskCount];
            _scores = new float[records.Length];
        }

        _extractor.Extract(records, _batch);

        // The parallel overload takes arrays, so it writes to reused buffers that are then copied out.
        _scorer.ScoreParallel(_batch, _probabilities, _scores);
        _probabilities.AsSpan(0, records.Length * TaskCount).CopyTo(probabilities);
        _scores.AsSpan(0, records.Length).CopyTo(scores);
    }

    public void Dispose()
    {
    }
}
