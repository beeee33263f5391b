namespace HeavyRanker.Runtime.Data.Synthetic;

/// <summary>
/// Streams (true probability, label, weight) triples of one task and computes what a perfect
/// model would score: ROC-AUC and relative cross entropy, unweighted and weighted. Memory is
/// fixed: ROC-AUC is computed from a histogram over the logit of the probability.
/// </summary>
/// <remarks>
/// The histogram has <see cref="Bins"/> bins over logits in [-20, 20], each 3e-4 wide; pairs in
/// one bin count as ties (half a correct pair), so the estimate is within about 1e-4 of the
/// exact ROC-AUC for the spread of probabilities the generator produces. Cross entropy clips
/// probabilities to [1e-5, 1 − 1e-5] as the evaluation metrics do.
/// </remarks>
public sealed class OptimumAccumulator
{
    /// <summary>Number of histogram bins.</summary>
    public const int Bins = 1 << 17;

    private const double LogitRange = 20;
    private const double Epsilon = 1e-5;

    private readonly double[] _positive = new double[Bins];
    private readonly double[] _negative = new double[Bins];
    private readonly double[] _weightedPositive = new double[Bins];
    private readonly double[] _weightedNegative = new double[Bins];
    private double _crossEntropy;
    private double _weightedCrossEntropy;
    private double _probabilitySum;

    /// <summary>Number of records added.</summary>
    public long Count { get; private set; }

    /// <summary>Sum of weights.</summary>
    public double TotalWeight { get; private set; }

    /// <summary>Number of positive labels.</summary>
    public double Positives { get; private set; }

    /// <summary>Sum of weights of positive labels.</summary>
    public double WeightedPositives { get; private set; }

    /// <summary>Adds one record.</summary>
    public void Add(double probability, int label, double weight)
    {
        var clipped = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        var logit = Math.Log(clipped / (1 - clipped));
        var bin = (int)Math.Clamp((logit + LogitRange) / (2 * LogitRange) * Bins, 0, Bins - 1);
        var crossEntropy = label == 1 ? -Math.Log(clipped) : -Math.Log(1 - clipped);

        Count++;
        TotalWeight += weight;
        _probabilitySum += probability;
        _crossEntropy += crossEntropy;
        _weightedCrossEntropy += weight * crossEntropy;
        if (label == 1)
        {
            Positives++;
            WeightedPositives += weight;
            _positive[bin]++;
            _weightedPositive[bin] += weight;
        }
        else
        {
            _negative[bin]++;
            _weightedNegative[bin] += weight;
        }
    }

    /// <summary>Mean true probability.</summary>
    public double MeanProbability => Count == 0 ? double.NaN : _probabilitySum / Count;

    /// <summary>ROC-AUC of the true probabilities, or NaN when one class is absent.</summary>
    public double RocAuc => Auc(_positive, _negative);

    /// <summary>Weighted ROC-AUC of the true probabilities.</summary>
    public double WeightedRocAuc => Auc(_weightedPositive, _weightedNegative);

    /// <summary>Relative cross entropy 100 · (1 − CE(p) / CE(ctr)) of the true probabilities.</summary>
    public double Rce => RelativeCrossEntropy(_crossEntropy / Count, Positives / Count);

    /// <summary>Weighted relative cross entropy.</summary>
    public double WeightedRce => RelativeCrossEntropy(_weightedCrossEntropy / TotalWeight, WeightedPositives / TotalWeight);

    private static double Auc(double[] positive, double[] negative)
    {
        // Walk from the lowest bin up: each positive beats every negative in lower bins and ties those in its own bin.
        double negativesBelow = 0, correctPairs = 0, totalPositive = 0;
        for (var bin = 0; bin < Bins; bin++)
        {
            correctPairs += positive[bin] * (negativesBelow + 0.5 * negative[bin]);
            negativesBelow += negative[bin];
            totalPositive += positive[bin];
        }

        return totalPositive == 0 || negativesBelow == 0 ? double.NaN : correctPairs / (totalPositive * negativesBelow);
    }

    private static double RelativeCrossEntropy(double meanCrossEntropy, double rate)
    {
        var ctr = Math.Clamp(rate, Epsilon, 1 - Epsilon);
        var baseline = -(ctr * Math.Log(ctr) + (1 - ctr) * Math.Log(1 - ctr));
        return 100 * (1 - meanCrossEntropy / baseline);
    }
}
