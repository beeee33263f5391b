using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Training.Tests;

/// <summary>Random feature batches for a <see cref="TestDefinition"/>.</summary>
internal static class TestData
{
    public static FeatureBatch RandomBatch(IModelDefinition definition, int count, int seed)
    {
        var random = new Random(seed);
        var batch = FeatureBatch.For(definition, count);
        batch.Reset(count);
        int buckets = 1 << definition.SparseBits;
        for (int row = 0; row < count; row++)
        {
            Span<float> continuous = batch.ContinuousRow(row);
            for (int index = 0; index < continuous.Length; index++)
            {
                continuous[index] = (float)(random.NextDouble() * 20 - 5);
            }

            Span<float> binary = batch.BinaryRow(row);
            for (int index = 0; index < binary.Length; index++)
            {
                binary[index] = random.Next(2);
            }

            for (int entry = random.Next(4); entry > 0; entry--)
            {
                batch.SparseNotContinuous.Add(random.Next(buckets), 1);
            }

            batch.SparseNotContinuous.EndRow();
            for (int entry = random.Next(4); entry > 0; entry--)
            {
                batch.SparseContinuous.Add(random.Next(buckets), (float)(random.NextDouble() * 10));
            }

            batch.SparseContinuous.EndRow();
        }

        return batch;
    }

    public static InMemoryTrainingData RandomData(IModelDefinition definition, int count, int seed)
    {
        FeatureBatch batch = RandomBatch(definition, count, seed);
        var random = new Random(seed + 1);
        int tasks = definition.Tasks.Count;
        float[] labels = new float[count * tasks];
        float[] dislikes = new float[count];
        for (int row = 0; row < count; row++)
        {
            // Label 0 depends on the first binary feature so the model has something to learn.
            double openProbability = batch.BinaryRow(row)[0] > 0 ? 0.8 : 0.2;
            float open = random.NextDouble() < openProbability ? 1 : 0;
            labels[row * tasks] = open;
            for (int task = 1; task < tasks; task++)
            {
                labels[row * tasks + task] = open > 0 && random.NextDouble() < 0.5 ? 1 : 0;
            }

            dislikes[row] = random.NextDouble() < 0.05 ? 1 : 0;
        }

        return new InMemoryTrainingData(batch, labels, tasks, dislikes);
    }
}
