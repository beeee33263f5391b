namespace HeavyRanker.Runtime.Features;

/// <summary>Conversions that generated extractors apply to dense feature values.</summary>
public static class DenseValues
{
    /// <summary>
    /// Converts a continuous value to the float the continuous block stores. NaN and ±Inf become
    /// 0, and so does a finite double that overflows float (for example 1e300), because it would
    /// be +Inf after narrowing.
    /// </summary>
    public static float FiniteOrZero(double value)
    {
        float narrowed = (float)value;
        return float.IsFinite(narrowed) ? narrowed : 0f;
    }
}
