// This file is compiled into HeavyRanker.Runtime and, as a linked file, into the
// source generator (netstandard2.0): keep it free of APIs newer than netstandard2.0 + System.Memory.
using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace HeavyRanker.Runtime.Hashing;

/// <summary>
/// twml-compatible feature ids and hashed keys. A feature id is MurmurHash3 x64_128 (seed 0)
/// over the UTF-16LE bytes of the feature name. For a name with '#' at a position k &gt; 0, the
/// part before it is hashed first, and the id is the hash of those 8 digest bytes followed by the
/// UTF-16LE bytes of the part after it. Hashed keys fold into a space of 2^bits columns by keeping
/// the low bits.
/// </summary>
public static class TwmlHash
{
    /// <summary>The multiplier twml applies to a DISCRETE value before mixing it into the key.</summary>
    public const long DiscreteMultiplier = 2654435761L;

    /// <summary>Computes the 64-bit feature id of a twml feature name.</summary>
    public static long FeatureId(string name) => FeatureId(name.AsSpan());

    /// <inheritdoc cref="FeatureId(string)"/>
    public static long FeatureId(ReadOnlySpan<char> name)
    {
        int split = name.IndexOf('#');
        if (split <= 0)
        {
            return HashUtf16(name);
        }

        long prefix = HashUtf16(name.Slice(0, split));
        ReadOnlySpan<char> suffix = name.Slice(split + 1);
        int length = 8 + suffix.Length * 2;
        byte[]? rented = null;
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : (rented = new byte[length]);
        BinaryPrimitives.WriteInt64LittleEndian(buffer, prefix);
        WriteUtf16LittleEndian(suffix, buffer.Slice(8));
        return MurmurHash3.Hash64(buffer.Slice(0, length));
    }

    /// <summary>Computes the hashed key of a DISCRETE value: <c>id ^ ((17 + value) * 2654435761)</c>, wrapping.</summary>
    public static long DiscreteKey(long featureId, long value) => unchecked(featureId ^ ((17 + value) * DiscreteMultiplier));

    /// <summary>Computes the hashed key of a STRING value (or one element of a SPARSE_BINARY set): <c>id ^ h(value)</c>.</summary>
    public static long StringKey(long featureId, string value) => StringKey(featureId, value.AsSpan());

    /// <inheritdoc cref="StringKey(long, string)"/>
    public static long StringKey(long featureId, ReadOnlySpan<char> value) => featureId ^ JavaUtf8Hash(value);

    /// <summary>Folds a hashed key into [0, 2^bits) by keeping its low <paramref name="bits"/> bits.</summary>
    public static int Bucket(long key, int bits) => (int)(key & ((1L << bits) - 1));

    /// <summary>
    /// Computes the Java-style hash <c>h = 31·h + b</c> over the UTF-8 bytes of <paramref name="value"/>,
    /// each byte taken as signed (Java's <c>byte</c>), in wrapping int32, sign-extended to int64.
    /// Encodes on the fly, so no buffer is allocated; an unpaired surrogate encodes as U+FFFD.
    /// </summary>
    public static long JavaUtf8Hash(ReadOnlySpan<char> value)
    {
        int hash = 0;
        for (int i = 0; i < value.Length; i++)
        {
            int codePoint = value[i];

            // ASCII is one UTF-8 byte equal to the char; most ids and tokens are ASCII only.
            if (codePoint < 0x80)
            {
                hash = unchecked((31 * hash) + codePoint);
                continue;
            }

            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                codePoint = char.ConvertToUtf32(value[i], value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                codePoint = 0xFFFD;
            }

            unchecked
            {
                if (codePoint < 0x80)
                {
                    hash = 31 * hash + codePoint;
                }
                else if (codePoint < 0x800)
                {
                    hash = 31 * hash + (sbyte)(0xC0 | (codePoint >> 6));
                    hash = 31 * hash + (sbyte)(0x80 | (codePoint & 0x3F));
                }
                else if (codePoint < 0x10000)
                {
                    hash = 31 * hash + (sbyte)(0xE0 | (codePoint >> 12));
                    hash = 31 * hash + (sbyte)(0x80 | ((codePoint >> 6) & 0x3F));
                    hash = 31 * hash + (sbyte)(0x80 | (codePoint & 0x3F));
                }
                else
                {
                    hash = 31 * hash + (sbyte)(0xF0 | (codePoint >> 18));
                    hash = 31 * hash + (sbyte)(0x80 | ((codePoint >> 12) & 0x3F));
                    hash = 31 * hash + (sbyte)(0x80 | ((codePoint >> 6) & 0x3F));
                    hash = 31 * hash + (sbyte)(0x80 | (codePoint & 0x3F));
                }
            }
        }

        return hash;
    }

    private static long HashUtf16(ReadOnlySpan<char> text)
    {
        if (BitConverter.IsLittleEndian)
        {
            return MurmurHash3.Hash64(MemoryMarshal.AsBytes(text));
        }

        byte[] bytes = new byte[text.Length * 2];
        WriteUtf16LittleEndian(text, bytes);
        return MurmurHash3.Hash64(bytes);
    }

    private static void WriteUtf16LittleEndian(ReadOnlySpan<char> text, Span<byte> destination)
    {
        for (int i = 0; i < text.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(i * 2), text[i]);
        }
    }
}
