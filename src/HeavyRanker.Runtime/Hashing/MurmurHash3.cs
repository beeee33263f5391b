// This file is compiled into HeavyRanker.Runtime and, as a linked file, into the
// source generator (netstandard2.0), so feature ids computed at build time and at
// run time come from one implementation.
using System;
using System.Buffers.Binary;

namespace HeavyRanker.Runtime.Hashing;

/// <summary>
/// MurmurHash3 x64_128 (Austin Appleby's public-domain algorithm), returning the first
/// 64-bit half of the digest as a little-endian signed integer, as twml does.
/// </summary>
public static class MurmurHash3
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    /// <summary>Hashes <paramref name="data"/> and returns the low 64 bits of the 128-bit digest.</summary>
    public static long Hash64(ReadOnlySpan<byte> data, uint seed = 0)
    {
        ulong h1 = seed;
        ulong h2 = seed;
        int blockCount = data.Length / 16;

        for (int i = 0; i < blockCount; i++)
        {
            ReadOnlySpan<byte> block = data.Slice(i * 16, 16);
            ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(block);
            ulong k2 = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(8));

            k1 *= C1; k1 = RotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
            h1 = RotateLeft(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;

            k2 *= C2; k2 = RotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
            h2 = RotateLeft(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
        }

        ReadOnlySpan<byte> tail = data.Slice(blockCount * 16);
        ulong t1 = 0;
        ulong t2 = 0;
        // The tail bytes are mixed in little-endian order; bytes 8..15 go to the second lane.
        for (int i = tail.Length - 1; i >= 8; i--)
        {
            t2 = (t2 << 8) | tail[i];
        }

        for (int i = Math.Min(tail.Length, 8) - 1; i >= 0; i--)
        {
            t1 = (t1 << 8) | tail[i];
        }

        if (tail.Length > 8)
        {
            t2 *= C2; t2 = RotateLeft(t2, 33); t2 *= C1; h2 ^= t2;
        }

        if (tail.Length > 0)
        {
            t1 *= C1; t1 = RotateLeft(t1, 31); t1 *= C2; h1 ^= t1;
        }

        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = FinalMix(h1);
        h2 = FinalMix(h2);
        h1 += h2;
        return unchecked((long)h1);
    }

    private static ulong RotateLeft(ulong value, int count) => (value << count) | (value >> (64 - count));

    private static ulong FinalMix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
