namespace HeavyRanker.Runtime.Metrics;

/// <summary>Binary cross entropy as twml's RCE metrics define it.</summary>
internal static class CrossEntropy
{
    /// <summary>Predictions are clipped to [ε, 1 − ε] before the logarithm, with twml's ε.</summary>
    public const double ClipEpsilon = 1e-5;

    /// <summary>Computes −[y ln p + (1 − y) ln(1 − p)] with p clipped to [1e-5, 1 − 1e-5].</summary>
    public static double Clipped(bool label, double prediction)
    {
        double p = Math.Clamp(prediction, ClipEpsilon, 1 - ClipEpsilon);
        return label ? -Math.Log(p) : -Math.Log(1 - p);
    }

    /// <summary>Computes the cross entropy of always predicting the CTR, unclipped as in twml.</summary>
    public static double Baseline(double ctr) => -(ctr * Math.Log(ctr) + (1 - ctr) * Math.Log(1 - ctr));

    /// <summary>Computes 100 · (1 − mean cross entropy / baseline); NaN when the CTR is 0 or 1 or nothing has weight.</summary>
    public static double Relative(double meanCrossEntropy, double ctr)
    {
        if (!(ctr > 0 && ctr < 1))
        {
            return double.NaN;
        }

        return 100 * (1 - meanCrossEntropy / Baseline(ctr));
    }
}
