namespace HeavyRanker.Cli.Reports;

/// <summary>A curve as x and y arrays of equal length.</summary>
internal sealed record Curve(double[] X, double[] Y);

/// <summary>ROC, precision-recall and reliability curves from unweighted labels and predictions.</summary>
internal static class Curves
{
    /// <summary>Most points a curve keeps; longer curves are thinned evenly, keeping both ends.</summary>
    public const int MaxPoints = 2000;

    /// <summary>
    /// Returns (false positive rate, true positive rate) at every distinct prediction used as
    /// threshold, from (0, 0) to (1, 1). Null when one class is absent.
    /// </summary>
    public static Curve? Roc(float[] labels, float[] predictions)
    {
        (int positives, int negatives) = CountClasses(labels);
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var x = new List<double> { 0 };
        var y = new List<double> { 0 };
        foreach ((int truePositives, int falsePositives) in ThresholdCounts(labels, predictions))
        {
            x.Add((double)falsePositives / negatives);
            y.Add((double)truePositives / positives);
        }

        return Thin(x, y);
    }

    /// <summary>
    /// Returns (recall, precision) at every distinct prediction used as threshold, starting at
    /// recall 0 with the precision of the highest threshold. Null when no label is positive.
    /// </summary>
    public static Curve? PrecisionRecall(float[] labels, float[] predictions)
    {
        (int positives, _) = CountClasses(labels);
        if (positives == 0)
        {
            return null;
        }

        var x = new List<double>();
        var y = new List<double>();
        foreach ((int truePositives, int falsePositives) in ThresholdCounts(labels, predictions))
        {
            double precision = (double)truePositives / (truePositives + falsePositives);
            if (x.Count == 0)
            {
                x.Add(0);
                y.Add(precision);
            }

            x.Add((double)truePositives / positives);
            y.Add(precision);
        }

        return Thin(x, y);
    }

    /// <summary>
    /// Splits the records into <paramref name="binCount"/> bins of equal size by prediction and
    /// returns (mean prediction, observed positive rate) per non-empty bin. Equal-count bins keep
    /// every point meaningful when predictions crowd near 0, as they do for rare positives.
    /// </summary>
    public static Curve Reliability(float[] labels, float[] predictions, int binCount = 10)
    {
        int[] order = SortedOrder(predictions, descending: false);
        int bins = Math.Max(1, Math.Min(binCount, order.Length));
        var x = new List<double>();
        var y = new List<double>();
        for (int bin = 0; bin < bins; bin++)
        {
            int start = (int)((long)bin * order.Length / bins);
            int end = (int)((long)(bin + 1) * order.Length / bins);
            if (end <= start)
            {
                continue;
            }

            double predictionSum = 0;
            double labelSum = 0;
            for (int index = start; index < end; index++)
            {
                predictionSum += predictions[order[index]];
                labelSum += labels[order[index]];
            }

            x.Add(predictionSum / (end - start));
            y.Add(labelSum / (end - start));
        }

        return new Curve(x.ToArray(), y.ToArray());
    }

    /// <summary>Yields cumulative (true positives, false positives) after each group of equal predictions, highest first.</summary>
    private static IEnumerable<(int TruePositives, int FalsePositives)> ThresholdCounts(float[] labels, float[] predictions)
    {
        int[] order = SortedOrder(predictions, descending: true);
        int truePositives = 0;
        int falsePositives = 0;
        for (int index = 0; index < order.Length; index++)
        {
            if (labels[order[index]] > 0.5f)
            {
                truePositives++;
            }
            else
            {
                falsePositives++;
            }

            bool lastOfGroup = index == order.Length - 1 || predictions[order[index + 1]] != predictions[order[index]];
            if (lastOfGroup)
            {
                yield return (truePositives, falsePositives);
            }
        }
    }

    private static int[] SortedOrder(float[] predictions, bool descending)
    {
        int[] order = Enumerable.Range(0, predictions.Length).ToArray();
        float[] keys = (float[])predictions.Clone();
        if (descending)
        {
            for (int index = 0; index < keys.Length; index++)
            {
                keys[index] = -keys[index];
            }
        }

        Array.Sort(keys, order);
        return order;
    }

    private static (int Positives, int Negatives) CountClasses(float[] labels)
    {
        int positives = labels.Count(label => label > 0.5f);
        return (positives, labels.Length - positives);
    }

    private static Curve Thin(List<double> x, List<double> y)
    {
        if (x.Count <= MaxPoints)
        {
            return new Curve(x.ToArray(), y.ToArray());
        }

        var thinX = new double[MaxPoints];
        var thinY = new double[MaxPoints];
        for (int point = 0; point < MaxPoints; point++)
        {
            int source = (int)((long)point * (x.Count - 1) / (MaxPoints - 1));
            thinX[point] = x[source];
            thinY[point] = y[source];
        }

        return new Curve(thinX, thinY);
    }
}
