namespace HeavyRanker.Training;

/// <summary>Exact (all-threshold) ranking metrics of predictions against 0/1 labels, unweighted.</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Computes the area under the precision-recall curve as average precision over every
    /// threshold (scikit-learn's <c>average_precision_score</c>). Returns 0 when no label is positive.
    /// </summary>
    /// <remarks>
    /// NOTE: the reference model stops early on TensorFlow's 200-threshold PR-AUC; the
    /// all-threshold value can differ from it in the third decimal.
    /// </remarks>
    public static double AveragePrecision(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels)
    {
        int[] order = SortDescending(predictions);
        double positives = 0;
        foreach (float label in labels)
        {
            positives += label > 0.5f ? 1 : 0;
        }

        if (positives == 0)
        {
            return 0;
        }

        double truePositives = 0;
        double seen = 0;
        double precisionSum = 0;
        int index = 0;
        while (index < order.Length)
        {
            // Records with equal predictions share one threshold.
            int end = index;
            double groupPositives = 0;
            while (end < order.Length && predictions[order[end]] == predictions[order[index]])
            {
                groupPositives += labels[order[end]] > 0.5f ? 1 : 0;
                end++;
            }

            truePositives += groupPositives;
            seen += end - index;
            precisionSum += groupPositives * (truePositives / seen);
            index = end;
        }

        return precisionSum / positives;
    }

    /// <summary>Computes the exact ROC-AUC, counting ties as one half. Returns 0.5 when either class is empty.</summary>
    public static double RocAuc(ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels)
    {
        int[] order = SortDescending(predictions);
        double positives = 0;
        double negatives = 0;
        double area = 0;
        int index = 0;
        while (index < order.Length)
        {
            int end = index;
            double groupPositives = 0;
            double groupNegatives = 0;
            while (end < order.Length && predictions[order[end]] == predictions[order[index]])
            {
                if (labels[order[end]] > 0.5f)
                {
                    groupPositives++;
                }
                else
                {
                    groupNegatives++;
                }

                end++;
            }

            // Each negative in the group ranks below every earlier positive and ties with the group's positives.
            area += groupNegatives * (positives + groupPositives / 2);
            positives += groupPositives;
            negatives += groupNegatives;
            index = end;
        }

        return positives == 0 || negatives == 0 ? 0.5 : area / (positives * negatives);
    }

    private static int[] SortDescending(ReadOnlySpan<float> predictions)
    {
        int[] order = new int[predictions.Length];
        float[] keys = new float[predictions.Length];
        for (int index = 0; index < order.Length; index++)
        {
            order[index] = index;
            keys[index] = -predictions[index];
        }

        Array.Sort(keys, order);
        return order;
    }
}
