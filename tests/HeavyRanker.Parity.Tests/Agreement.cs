namespace HeavyRanker.Parity.Tests;

/// <summary>The agreement rule of the three paths: |actual − expected| ≤ 1e-5 + 1e-4·|expected|, element by element.</summary>
internal sealed class Agreement
{
    public const double Absolute = 1e-5;
    public const double Relative = 1e-4;

    /// <summary>Largest absolute difference seen so far.</summary>
    public double MaxAbsolute { get; private set; }

    /// <summary>Largest relative difference seen so far (absolute difference over |expected|, expected ≠ 0).</summary>
    public double MaxRelative { get; private set; }

    /// <summary>Asserts that every element agrees, naming the first one that does not.</summary>
    public void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int index = 0; index < expected.Length; index++)
        {
            double difference = Math.Abs((double)actual[index] - expected[index]);
            MaxAbsolute = Math.Max(MaxAbsolute, difference);
            if (expected[index] != 0)
            {
                MaxRelative = Math.Max(MaxRelative, difference / Math.Abs(expected[index]));
            }

            Assert.True(
                difference <= Absolute + (Relative * Math.Abs(expected[index])),
                $"{what}[{index}]: expected {expected[index]:R}, got {actual[index]:R} (difference {difference:E3}).");
        }
    }
}
