using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training;

namespace HeavyRanker.Cli.Benchmarks;

/// <summary>Random but realistic inputs for inference benchmarks: a checkpoint with non-trivial statistics and feature batches.</summary>
internal static class BenchModel
{
    /// <summary>
    /// Creates a checkpoint of <paramref name="definition"/> with Glorot-initialised kernels, batch-norm
    /// statistics, scales and offsets drawn at random (so folding does real work) and small random sparse tables.
    /// </summary>
    public static Checkpoint RandomCheckpoint(IModelDefinition definition, int seed)
    {
        Checkpoint initial;
        using (var network = new ClemNetNetwork(definition, seed))
        {
            initial = network.ToCheckpoint(0);
        }

        var random = new Random(seed);
        var tensors = new List<CheckpointTensor>();
        foreach (CheckpointTensor tensor in initial.Tensors)
        {
            float[] data = (float[])tensor.Data.Clone();
            string name = tensor.Name;
            for (int index = 0; index < data.Length; index++)
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                {
                    data[index] = (float)((random.NextDouble() - 0.5) * 0.4);
                }
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                {
                    data[index] = (float)(0.5 + random.NextDouble());
                }
                else if (name.EndsWith("norm.weight", StringComparison.Ordinal))
                {
                    data[index] = (float)(0.8 + (random.NextDouble() * 0.4));
                }
                else if (name.StartsWith("features.sparse", StringComparison.Ordinal))
                {
                    data[index] = name.EndsWith(".max", StringComparison.Ordinal) ? (float)(0.5 + random.NextDouble()) : (float)((random.NextDouble() - 0.5) * 0.1);
                }
            }

            tensors.Add(new CheckpointTensor(name, tensor.Shape, data));
        }

        return new Checkpoint(tensors, initial.Metadata);
    }

    /// <summary>Creates a batch of <paramref name="count"/> random records with 1 to 8 entries per present sparse group.</summary>
    public static FeatureBatch RandomBatch(IModelDefinition definition, int count, int seed)
    {
        var random = new Random(seed);
        FeatureBatch batch = FeatureBatch.For(definition, count);
        batch.Reset(count);
        int buckets = 1 << definition.SparseBits;
        for (int row = 0; row < count; row++)
        {
            foreach (ref float value in batch.ContinuousRow(row))
            {
                value = (float)(random.NextDouble() * 10);
            }

            foreach (ref float value in batch.BinaryRow(row))
            {
                value = random.Next(2);
            }

            AddEntries(batch.SparseNotContinuous, definition.HasSparseNotContinuous, random, buckets, continuousValues: false);
            AddEntries(batch.SparseContinuous, definition.HasSparseContinuous, random, buckets, continuousValues: true);
        }

        return batch;
    }

    private static void AddEntries(SparseRows rows, bool present, Random random, int buckets, bool continuousValues)
    {
        int entries = present ? random.Next(1, 9) : 0;
        for (int entry = 0; entry < entries; entry++)
        {
            rows.Add(random.Next(buckets), continuousValues ? (float)random.NextDouble() : 1f);
        }

        rows.EndRow();
    }
}
