using HeavyRanker.Runtime.Randomness;

namespace HeavyRanker.Runtime.Data.Synthetic;

/// <summary>A Zipf distribution over ranks 1..N (P(k) ∝ k^-s), sampled by binary search in its cumulative table.</summary>
public sealed class ZipfTable
{
    private readonly double[] _cumulative;

    /// <summary>Builds the table for <paramref name="count"/> ranks and exponent <paramref name="exponent"/>.</summary>
    public ZipfTable(int count, double exponent)
    {
        _cumulative = new double[count];
        var total = 0.0;
        for (var k = 1; k <= count; k++)
        {
            total += Math.Pow(k, -exponent);
            _cumulative[k - 1] = total;
        }

        for (var i = 0; i < count; i++)
        {
            _cumulative[i] /= total;
        }
    }

    /// <summary>Draws a rank in 1..N.</summary>
    public int Sample(RandomSource random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        var rank = (index >= 0 ? index + 1 : ~index) + 1;
        return Math.Min(rank, _cumulative.Length);
    }
}
