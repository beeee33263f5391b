using HeavyRanker.Runtime.Features;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Network;

/// <summary>One hashed sparse group as tensors: int64 keys and float values <c>[entries]</c>, int64 row starts <c>[batch]</c>.</summary>
public sealed record SparseTensors(Tensor Keys, Tensor Offsets, Tensor Values) : IDisposable
{
    /// <summary>
    /// Copies <paramref name="rows"/> into tensors. A group without rows and entries counts as
    /// <paramref name="count"/> empty rows, because extractors of models without that sparse
    /// group may never end a row in it.
    /// </summary>
    public static SparseTensors From(SparseRows rows, int count)
    {
        if (rows.RowCount == 0 && rows.EntryCount == 0)
        {
            return new SparseTensors(zeros(0, dtype: ScalarType.Int64), zeros(count, dtype: ScalarType.Int64), zeros(0));
        }

        if (rows.RowCount != count)
        {
            throw new ArgumentException($"The sparse group has {rows.RowCount} finished rows but the batch has {count} records; call EndRow once per record.", nameof(rows));
        }

        long[] keys = new long[rows.EntryCount];
        ReadOnlySpan<int> sourceKeys = rows.Keys;
        for (int entry = 0; entry < keys.Length; entry++)
        {
            keys[entry] = sourceKeys[entry];
        }

        long[] offsets = new long[count];
        ReadOnlySpan<int> sourceOffsets = rows.Offsets;
        for (int row = 0; row < count; row++)
        {
            offsets[row] = sourceOffsets[row];
        }

        return new SparseTensors(tensor(keys), tensor(offsets), tensor(rows.Values.ToArray()));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Keys.Dispose();
        Offsets.Dispose();
        Values.Dispose();
    }
}

/// <summary>
/// A <see cref="FeatureBatch"/> as tensors: the network's input before its own transforms.
/// Dense blocks are float <c>[batch, width]</c> (width may be 0).
/// </summary>
public sealed class NetworkInput : IDisposable
{
    /// <summary>Creates an input from tensors the caller hands over; the input disposes them.</summary>
    public NetworkInput(int count, Tensor continuous, Tensor binary, SparseTensors sparseNotContinuous, SparseTensors sparseContinuous)
    {
        Count = count;
        Continuous = continuous;
        Binary = binary;
        SparseNotContinuous = sparseNotContinuous;
        SparseContinuous = sparseContinuous;
    }

    /// <summary>Number of records.</summary>
    public int Count { get; }

    /// <summary>Continuous block, <c>[batch, Nc]</c>, before NaN filtering, log and normalisation.</summary>
    public Tensor Continuous { get; }

    /// <summary>Binary block as 0/1 floats, <c>[batch, Nb]</c>.</summary>
    public Tensor Binary { get; }

    /// <summary>Entries of DISCRETE, STRING and SPARSE_BINARY features.</summary>
    public SparseTensors SparseNotContinuous { get; }

    /// <summary>Entries of SPARSE_CONTINUOUS features.</summary>
    public SparseTensors SparseContinuous { get; }

    /// <summary>Copies <paramref name="batch"/> into tensors.</summary>
    public static NetworkInput FromBatch(FeatureBatch batch)
    {
        TorchRuntime.EnsureLoaded();
        int count = batch.Count;
        Tensor continuous = tensor(batch.Continuous.ToArray(), new long[] { count, batch.ContinuousWidth });
        Tensor binary = tensor(batch.Binary.ToArray(), new long[] { count, batch.BinaryWidth });
        return new NetworkInput(
            count,
            continuous,
            binary,
            SparseTensors.From(batch.SparseNotContinuous, count),
            SparseTensors.From(batch.SparseContinuous, count));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Continuous.Dispose();
        Binary.Dispose();
        SparseNotContinuous.Dispose();
        SparseContinuous.Dispose();
    }
}
