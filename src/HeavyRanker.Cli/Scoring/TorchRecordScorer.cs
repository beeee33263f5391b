using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training;
using HeavyRanker.Training.Network;
using static TorchSharp.torch;

namespace HeavyRanker.Cli.Scoring;

/// <summary>Scores records with the TorchSharp network in evaluation mode.</summary>
internal sealed class TorchRecordScorer<TRecord> : IRecordScorer<TRecord>
{
    private readonly ClemNetNetwork _network;
    private readonly bool _ownsNetwork;
    private readonly IFeatureExtractor<TRecord> _extractor;
    private FeatureBatch? _batch;

    /// <summary>Scores with <paramref name="network"/>; disposes it only when <paramref name="ownsNetwork"/> is true.</summary>
    public TorchRecordScorer(ClemNetNetwork network, IFeatureExtractor<TRecord> extractor, bool ownsNetwork)
    {
        _network = network;
        _extractor = extractor;
        _ownsNetwork = ownsNetwork;
        _network.eval();
    }

    public int TaskCount => _network.TaskCount;

    public void Score(ReadOnlySpan<TRecord> records, Span<float> probabilities, Span<float> scores)
    {
        if (records.Length == 0)
        {
            return;
        }

        if (_batch is null || _batch.Capacity < records.Length)
        {
            _batch = FeatureBatch.For(_network.Definition, records.Length);
        }

        _extractor.Extract(records, _batch);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using NetworkOutput output = _network.Predict(_batch);
        output.Probabilities.contiguous().data<float>().CopyTo(probabilities[..(records.Length * TaskCount)]);
        output.Score.contiguous().data<float>().CopyTo(scores[..records.Length]);
    }

    public void Dispose()
    {
        if (_ownsNetwork)
        {
            _network.Dispose();
        }
    }
}
