namespace HeavyRanker.Runtime.Metrics;

/// <summary>
/// Positive and negative weight per threshold bucket, from which ROC-AUC and PR-AUC follow the way
/// TensorFlow 1 <c>tf.metrics.auc</c> computes them with 200 thresholds. Memory is constant: two
/// arrays of 201 doubles, where TensorFlow keeps four counts per threshold.
/// </summary>
/// <remarks>
/// Thresholds are −1e-7, 1/199, 2/199, …, 198/199, 1 + 1e-7 in float32, and a prediction counts as
/// positive at a threshold when it is strictly greater, as in TensorFlow. Bucket k contains the
/// predictions that exceed exactly the first k thresholds. Counts and sums here are double where
/// TensorFlow uses float32, so values agree with it to about 1e-6, not bit for bit.
/// </remarks>
internal sealed class ThresholdHistogram
{
    /// <summary>Number of thresholds: the default of TensorFlow 1 <c>tf.metrics.auc</c>, which twml keeps.</summary>
    public const int ThresholdCount = 200;

    // TensorFlow adds this to numerators and denominators of the ROC rates to avoid dividing by 0.
    private const double RateEpsilon = 1e-6;

    private static readonly float[] Thresholds = CreateThresholds();

    private readonly double[] _positive = new double[ThresholdCount + 1];
    private readonly double[] _negative = new double[ThresholdCount + 1];

    /// <summary>Adds one prediction in [0, 1] with its label and weight.</summary>
    public void Add(bool label, float prediction, double weight)
    {
        int bucket = Bucket(prediction);
        if (label)
        {
            _positive[bucket] += weight;
        }
        else
        {
            _negative[bucket] += weight;
        }
    }

    /// <summary>Empties every bucket.</summary>
    public void Clear()
    {
        Array.Clear(_positive);
        Array.Clear(_negative);
    }

    /// <summary>
    /// Computes ROC-AUC as the trapezoid sum over (false positive rate, recall) at every threshold,
    /// with recall = (tp + 1e-6) / (tp + fn + 1e-6) and rate = fp / (fp + tn + 1e-6).
    /// </summary>
    public double RocAuc()
    {
        (double[] tp, double[] fn, double[] fp, double[] tn) = ConfusionCounts();
        double area = 0;
        for (int i = 0; i < ThresholdCount - 1; i++)
        {
            double recallA = (tp[i] + RateEpsilon) / (tp[i] + fn[i] + RateEpsilon);
            double recallB = (tp[i + 1] + RateEpsilon) / (tp[i + 1] + fn[i + 1] + RateEpsilon);
            double rateA = fp[i] / (fp[i] + tn[i] + RateEpsilon);
            double rateB = fp[i + 1] / (fp[i + 1] + tn[i + 1] + RateEpsilon);
            area += (rateA - rateB) * (recallA + recallB) / 2;
        }

        return area;
    }

    /// <summary>
    /// Computes PR-AUC with TensorFlow's careful interpolation. Between adjacent thresholds A and B
    /// the true positive weight TP and the predicted-positive weight P vary linearly, so precision
    /// is TP/P along a line, and the interval adds slope · (dTP + intercept · ln(P_A / P_B)) / positives,
    /// where slope = dTP / dP and intercept = TP_B − slope · P_B. Each division by a non-positive
    /// denominator yields 0, and the log ratio is 0 when P_A or P_B is 0.
    /// </summary>
    public double PrAuc()
    {
        (double[] tp, double[] fn, double[] fp, _) = ConfusionCounts();
        double area = 0;
        for (int i = 0; i < ThresholdCount - 1; i++)
        {
            double dtp = tp[i] - tp[i + 1];
            double predictedA = tp[i] + fp[i];
            double predictedB = tp[i + 1] + fp[i + 1];
            double slope = SafeDivide(dtp, predictedA - predictedB);
            double intercept = tp[i + 1] - slope * predictedB;
            double ratio = predictedA > 0 && predictedB > 0 ? SafeDivide(predictedA, predictedB) : 1;
            area += SafeDivide(slope * (dtp + intercept * Math.Log(ratio)), tp[i + 1] + fn[i + 1]);
        }

        return area;
    }

    /// <summary>Returns the number of thresholds strictly below <paramref name="prediction"/>.</summary>
    internal static int Bucket(float prediction)
    {
        // The estimate is off by at most one, and the loops correct it with float32 comparisons.
        int bucket = Math.Clamp((int)(prediction * (ThresholdCount - 1)) + 1, 0, ThresholdCount);
        while (bucket > 0 && !(Thresholds[bucket - 1] < prediction))
        {
            bucket--;
        }

        while (bucket < ThresholdCount && Thresholds[bucket] < prediction)
        {
            bucket++;
        }

        return bucket;
    }

    /// <summary>Returns a copy of the float32 thresholds.</summary>
    internal static float[] GetThresholds() => (float[])Thresholds.Clone();

    private (double[] TruePositive, double[] FalseNegative, double[] FalsePositive, double[] TrueNegative) ConfusionCounts()
    {
        var tp = new double[ThresholdCount];
        var fn = new double[ThresholdCount];
        var fp = new double[ThresholdCount];
        var tn = new double[ThresholdCount];

        // Threshold i counts buckets above i as predicted positive and buckets 0..i as negative.
        double positiveAbove = 0;
        double negativeAbove = 0;
        for (int i = ThresholdCount - 1; i >= 0; i--)
        {
            positiveAbove += _positive[i + 1];
            negativeAbove += _negative[i + 1];
            tp[i] = positiveAbove;
            fp[i] = negativeAbove;
        }

        double positiveAtOrBelow = 0;
        double negativeAtOrBelow = 0;
        for (int i = 0; i < ThresholdCount; i++)
        {
            positiveAtOrBelow += _positive[i];
            negativeAtOrBelow += _negative[i];
            fn[i] = positiveAtOrBelow;
            tn[i] = negativeAtOrBelow;
        }

        return (tp, fn, fp, tn);
    }

    private static double SafeDivide(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;

    private static float[] CreateThresholds()
    {
        // Same list as tf.metrics.auc: the inner thresholds (i + 1) / (n − 1) computed in double,
        // the two ends just outside [0, 1] so that 0 and 1 fall inside, all stored as float32.
        const double endEpsilon = 1e-7;
        var thresholds = new float[ThresholdCount];
        thresholds[0] = (float)(0.0 - endEpsilon);
        for (int i = 1; i < ThresholdCount - 1; i++)
        {
            thresholds[i] = (float)(i * 1.0 / (ThresholdCount - 1));
        }

        thresholds[ThresholdCount - 1] = (float)(1.0 + endEpsilon);
        return thresholds;
    }
}
