using System.Collections.Frozen;
using System.Collections.Immutable;
using HeavyRanker.Runtime.Hashing;

namespace HeavyRanker.Runtime.Features;

/// <summary>
/// Writes the entries of one multi-valued feature (a SPARSE_BINARY set or a SPARSE_CONTINUOUS
/// map) into the row being filled of a <see cref="SparseRows"/> group. Generated extractors call
/// it once per feature. <see cref="HashSet{T}"/>, <see cref="FrozenSet{T}"/> and
/// <see cref="ImmutableHashSet{T}"/> sets, and <see cref="Dictionary{TKey, TValue}"/>,
/// <see cref="FrozenDictionary{TKey, TValue}"/> and <see cref="ImmutableDictionary{TKey, TValue}"/>
/// maps, are enumerated through their struct enumerators and allocate nothing; any other
/// implementation is enumerated through the interface, which allocates an enumerator per call.
/// </summary>
public static class SparseFeatureWriter
{
    /// <summary>
    /// Adds one entry with value 1 per element of <paramref name="values"/>, keyed by the bucket of
    /// <see cref="TwmlHash.StringKey(long, string)"/>.
    /// </summary>
    public static void AddStrings(SparseRows rows, long featureId, IReadOnlySet<string> values, int bits)
    {
        switch (values)
        {
            case HashSet<string> hashSet:
                foreach (string value in hashSet)
                {
                    rows.Add(TwmlHash.Bucket(TwmlHash.StringKey(featureId, value), bits), 1f);
                }

                break;

            case FrozenSet<string> frozenSet:
                foreach (string value in frozenSet)
                {
                    rows.Add(TwmlHash.Bucket(TwmlHash.StringKey(featureId, value), bits), 1f);
                }

                break;

            case ImmutableHashSet<string> immutableSet:
                foreach (string value in immutableSet)
                {
                    rows.Add(TwmlHash.Bucket(TwmlHash.StringKey(featureId, value), bits), 1f);
                }

                break;

            default:
                foreach (string value in values)
                {
                    rows.Add(TwmlHash.Bucket(TwmlHash.StringKey(featureId, value), bits), 1f);
                }

                break;
        }
    }

    /// <summary>
    /// Adds one entry per pair of <paramref name="entries"/>: the key is the bucket of the feature
    /// id of the entry's name, the value is the entry's value. An entry whose value is NaN or
    /// ±Inf as a float is dropped, because SparseMaxNorm would turn it into NaN for every later
    /// record that shares its bucket.
    /// </summary>
    public static void AddWeightedEntries(SparseRows rows, IReadOnlyDictionary<string, double> entries, int bits)
    {
        switch (entries)
        {
            case Dictionary<string, double> dictionary:
                foreach (KeyValuePair<string, double> entry in dictionary)
                {
                    AddWeightedEntry(rows, entry.Key, entry.Value, bits);
                }

                break;

            case FrozenDictionary<string, double> frozenDictionary:
                foreach (KeyValuePair<string, double> entry in frozenDictionary)
                {
                    AddWeightedEntry(rows, entry.Key, entry.Value, bits);
                }

                break;

            case ImmutableDictionary<string, double> immutableDictionary:
                foreach (KeyValuePair<string, double> entry in immutableDictionary)
                {
                    AddWeightedEntry(rows, entry.Key, entry.Value, bits);
                }

                break;

            default:
                foreach (KeyValuePair<string, double> entry in entries)
                {
                    AddWeightedEntry(rows, entry.Key, entry.Value, bits);
                }

                break;
        }
    }

    private static void AddWeightedEntry(SparseRows rows, string name, double value, int bits)
    {
        float narrowed = (float)value;
        if (float.IsFinite(narrowed))
        {
            rows.Add(TwmlHash.Bucket(TwmlHash.FeatureId(name), bits), narrowed);
        }
    }
}
