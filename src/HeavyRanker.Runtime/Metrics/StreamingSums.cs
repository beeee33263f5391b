namespace HeavyRanker.Runtime.Metrics;

/// <summary>
/// Constant-memory sums behind every metric except the exact ones, for one weighting.
/// </summary>
internal sealed class StreamingSums
{
    /// <summary>Predictions at or above this count as positive for accuracy, precision and recall.</summary>
    public const float DecisionThreshold = 0.5f;

    private readonly ThresholdHistogram _histogram = new();
    private double _totalWeight;
    private double _positiveWeight;
    private double _predictionWeight;
    private double _predictionMean;
    private double _predictionSquaredDeviation;
    private double _crossEntropy;
    private double _correctWeight;
    private double _truePositiveWeight;
    private double _falsePositiveWeight;

    public long Samples { get; private set; }

    public double TotalWeight => _totalWeight;

    public double PositiveWeight => _positiveWeight;

    /// <summary>Σ w·p, the denominator of the NRCE scale factor.</summary>
    public double PredictionSum => _predictionWeight;

    public void Add(bool label, float prediction, double weight)
    {
        Samples++;
        _histogram.Add(label, prediction, weight);
        if (weight == 0)
        {
            return;
        }

        _totalWeight += weight;
        double p = prediction;
        _predictionWeight += weight * p;

        // West's weighted update of the mean and squared deviation, stabler than Σ w·p² − mean².
        double delta = p - _predictionMean;
        _predictionMean += weight / _totalWeight * delta;
        _predictionSquaredDeviation += weight * delta * (p - _predictionMean);

        _crossEntropy += weight * CrossEntropy.Clipped(label, p);

        bool predictedPositive = prediction >= DecisionThreshold;
        if (label)
        {
            _positiveWeight += weight;
        }

        if (predictedPositive == label)
        {
            _correctWeight += weight;
        }

        if (predictedPositive && label)
        {
            _truePositiveWeight += weight;
        }
        else if (predictedPositive)
        {
            _falsePositiveWeight += weight;
        }
    }

    public void Clear()
    {
        Samples = 0;
        _histogram.Clear();
        _totalWeight = 0;
        _positiveWeight = 0;
        _predictionWeight = 0;
        _predictionMean = 0;
        _predictionSquaredDeviation = 0;
        _crossEntropy = 0;
        _correctWeight = 0;
        _truePositiveWeight = 0;
        _falsePositiveWeight = 0;
    }

    /// <summary>Computes the metrics; the exact ones come from <paramref name="exact"/>.</summary>
    public MetricValues ToMetrics(ExactMetrics.Result exact)
    {
        bool hasWeight = _totalWeight > 0;
        double negativeWeight = _totalWeight - _positiveWeight;
        bool hasPositive = _positiveWeight > 0;
        bool hasBothClasses = hasPositive && negativeWeight > 0;
        double ctr = hasWeight ? _positiveWeight / _totalWeight : double.NaN;

        return new MetricValues(
            Samples: Samples,
            TotalWeight: _totalWeight,
            Ctr: ctr,
            PredictedCtr: hasWeight ? _predictionWeight / _totalWeight : double.NaN,
            PredictionStd: hasWeight ? Math.Sqrt(Math.Max(_predictionSquaredDeviation, 0) / _totalWeight) : double.NaN,
            Accuracy: hasWeight ? _correctWeight / _totalWeight : double.NaN,
            Precision: !hasWeight ? double.NaN : RatioOrZero(_truePositiveWeight, _truePositiveWeight + _falsePositiveWeight),
            Recall: !hasWeight ? double.NaN : RatioOrZero(_truePositiveWeight, _positiveWeight),
            RocAuc: hasBothClasses ? _histogram.RocAuc() : double.NaN,
            PrAuc: hasPositive ? _histogram.PrAuc() : double.NaN,
            ExactRocAuc: exact.RocAuc,
            AveragePrecision: exact.AveragePrecision,
            Rce: hasWeight ? CrossEntropy.Relative(_crossEntropy / _totalWeight, ctr) : double.NaN,
            Nrce: exact.Nrce);
    }

    private static double RatioOrZero(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;
}
