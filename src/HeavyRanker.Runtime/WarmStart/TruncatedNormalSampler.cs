using System.Text;
using HeavyRanker.Runtime.Randomness;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// Draws from a normal distribution with mean 0 truncated at ±0.5 standard deviations, by
/// rejection: a standard normal value outside [-0.5, 0.5] is discarded and drawn again, so about
/// 38% of draws are kept. Normal values come from <see cref="RandomSource"/> (xoshiro256** and
/// Box–Muller).
/// </summary>
/// <remarks>
/// Each tensor gets its own stream, derived from the seed and the tensor name, so the values drawn
/// for one tensor do not depend on how many positions other tensors needed.
/// NOTE: Box–Muller calls Math.Log, Math.Sin and Math.Cos, whose last bit may differ between
/// platform math libraries, so the draws are reproducible on one platform and .NET version but not
/// guaranteed bit-identical across operating systems.
/// </remarks>
internal sealed class TruncatedNormalSampler
{
    /// <summary>Truncation bound in standard deviations.</summary>
    public const double TruncationBound = 0.5;

    private readonly RandomSource _random;

    /// <summary>Creates the stream of <paramref name="tensorName"/> for <paramref name="seed"/>.</summary>
    public TruncatedNormalSampler(int seed, string tensorName)
    {
        _random = new RandomSource(unchecked((ulong)(uint)seed) ^ (HashName(tensorName) * 0x9E3779B97F4A7C15UL));
    }

    /// <summary>Draws one value with the given standard deviation, inside ±0.5 × <paramref name="scale"/>.</summary>
    public float Next(double scale)
    {
        double z;
        do
        {
            z = _random.NextNormal();
        }
        while (Math.Abs(z) > TruncationBound);

        return (float)(z * scale);
    }

    /// <summary>Hashes a tensor name with 64-bit FNV-1a over its UTF-8 bytes, a fixed function unlike string.GetHashCode.</summary>
    private static ulong HashName(string name)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte value in Encoding.UTF8.GetBytes(name))
        {
            hash ^= value;
            hash *= 0x100000001B3UL;
        }

        return hash;
    }
}
