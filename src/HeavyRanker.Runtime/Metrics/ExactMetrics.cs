namespace HeavyRanker.Runtime.Metrics;

/// <summary>
/// Metrics that need every prediction: ROC-AUC over all thresholds, average precision and NRCE.
/// They sort the kept predictions once, so they cost O(n) memory and O(n log n) time.
/// </summary>
internal static class ExactMetrics
{
    /// <summary>Exact metrics of one weighting; NaN where undefined or where predictions were not kept.</summary>
    public readonly record struct Result(double RocAuc, double AveragePrecision, double Nrce)
    {
        public static Result Unavailable => new(double.NaN, double.NaN, double.NaN);
    }

    /// <summary>
    /// Computes the weighted and unweighted exact metrics. <paramref name="order"/> lists record
    /// indices by ascending prediction.
    /// </summary>
    public static (Result Weighted, Result Unweighted) Compute(
        ReadOnlySpan<float> predictions,
        ReadOnlySpan<bool> labels,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<int> order)
    {
        return (ComputeOne(predictions, labels, weights, order, useWeights: true),
                ComputeOne(predictions, labels, weights, order, useWeights: false));
    }

    private static Result ComputeOne(ReadOnlySpan<float> predictions, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights, ReadOnlySpan<int> order, bool useWeights)
    {
        double positiveTotal = 0;
        double negativeTotal = 0;
        double predictionTotal = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double weight = useWeights ? weights[i] : 1;
            predictionTotal += weight * predictions[i];
            if (labels[i])
            {
                positiveTotal += weight;
            }
            else
            {
                negativeTotal += weight;
            }
        }

        (double area, double precisionSum) = SweepDescending(predictions, labels, weights, order, useWeights, positiveTotal);
        double rocAuc = positiveTotal > 0 && negativeTotal > 0 ? area / (positiveTotal * negativeTotal) : double.NaN;
        double averagePrecision = positiveTotal > 0 ? precisionSum : double.NaN;

        double nrce = Nrce(predictions, labels, weights, useWeights, positiveTotal, negativeTotal, predictionTotal);
        return new Result(rocAuc, averagePrecision, nrce);
    }

    /// <summary>
    /// Walks the predictions from highest to lowest, one group of equal predictions at a time.
    /// Returns the ROC area in weight² units (each positive–negative pair ordered correctly adds
    /// their weight product, a tie adds half) and the average precision Σ (R_k − R_{k−1}) · P_k
    /// over the groups, as scikit-learn's <c>average_precision_score</c> defines it.
    /// </summary>
    private static (double Area, double AveragePrecision) SweepDescending(
        ReadOnlySpan<float> predictions,
        ReadOnlySpan<bool> labels,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<int> order,
        bool useWeights,
        double positiveTotal)
    {
        double area = 0;
        double averagePrecision = 0;
        double positiveAbove = 0;
        double negativeAbove = 0;
        double previousRecall = 0;

        int end = order.Length;
        while (end > 0)
        {
            float value = predictions[order[end - 1]];
            int start = end - 1;
            while (start > 0 && predictions[order[start - 1]] == value)
            {
                start--;
            }

            double groupPositive = 0;
            double groupNegative = 0;
            for (int k = start; k < end; k++)
            {
                int record = order[k];
                double weight = useWeights ? weights[record] : 1;
                if (labels[record])
                {
                    groupPositive += weight;
                }
                else
                {
                    groupNegative += weight;
                }
            }

            area += groupNegative * (positiveAbove + groupPositive / 2);
            positiveAbove += groupPositive;
            negativeAbove += groupNegative;

            if (positiveTotal > 0)
            {
                double predicted = positiveAbove + negativeAbove;
                double precision = predicted > 0 ? positiveAbove / predicted : 0;
                double recall = positiveAbove / positiveTotal;
                averagePrecision += (recall - previousRecall) * precision;
                previousRecall = recall;
            }

            end = start;
        }

        return (area, averagePrecision);
    }

    /// <summary>Computes RCE with every prediction scaled by (Σ w·y) / (Σ w·p) before clipping.</summary>
    private static double Nrce(
        ReadOnlySpan<float> predictions,
        ReadOnlySpan<bool> labels,
        ReadOnlySpan<float> weights,
        bool useWeights,
        double positiveTotal,
        double negativeTotal,
        double predictionTotal)
    {
        double totalWeight = positiveTotal + negativeTotal;
        if (!(totalWeight > 0 && predictionTotal > 0))
        {
            return double.NaN;
        }

        double scale = positiveTotal / predictionTotal;
        double crossEntropy = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double weight = useWeights ? weights[i] : 1;
            if (weight != 0)
            {
                crossEntropy += weight * CrossEntropy.Clipped(labels[i], scale * predictions[i]);
            }
        }

        return CrossEntropy.Relative(crossEntropy / totalWeight, positiveTotal / totalWeight);
    }
}
