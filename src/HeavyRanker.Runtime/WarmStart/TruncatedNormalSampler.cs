using System.Text;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// Draws from a normal distribution with mean 0 truncated at ±0.5 standard deviations, by
/// rejection: a standard normal value outside [-0.5, 0.5] is discarded and drawn again, so about
/// 38% of draws are kept. Uniform bits come from xoshiro256** (Blackman and Vigna, 2018) seeded
/// through SplitMix64, and normal values from the Box–Muller transform.
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

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double? _spare;

    /// <summary>Creates the stream of <paramref name="tensorName"/> for <paramref name="seed"/>.</summary>
    public TruncatedNormalSampler(int seed, string tensorName)
    {
        ulong state = unchecked((ulong)(uint)seed) ^ (HashName(tensorName) * 0x9E3779B97F4A7C15UL);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>Draws one value with the given standard deviation, inside ±0.5 × <paramref name="scale"/>.</summary>
    public float Next(double scale)
    {
        double z;
        do
        {
            z = NextStandardNormal();
        }
        while (Math.Abs(z) > TruncationBound);

        return (float)(z * scale);
    }

    private double NextStandardNormal()
    {
        if (_spare is double spare)
        {
            _spare = null;
            return spare;
        }

        // 1 - u lies in (0, 1], so the logarithm is finite.
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        double angle = 2.0 * Math.PI * NextDouble();
        _spare = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }

    private double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
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
