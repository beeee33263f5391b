using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Tests.Inference;

/// <summary>Allocation, threading, determinism and argument checks of <see cref="ClemNetScorer"/>; parity with the other paths is tested in HeavyRanker.Parity.Tests.</summary>
public sealed class ScorerTests
{
    private static readonly ScorerTestDefinition Definition = new();

    [Fact]
    public void ScoreAllocatesNothingAfterWarmUp()
    {
        ClemNetScorer scorer = CreateScorer();
        FeatureBatch batch = RandomBatch(150, new Random(1));
        float[] probabilities = new float[300];
        float[] scores = new float[150];
        float[] one = new float[2];
        scorer.Score(batch, probabilities, scores);
        scorer.Score(batch, 3, one);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int repeat = 0; repeat < 5; repeat++)
        {
            scorer.Score(batch, probabilities, scores);
            scorer.Score(batch, 3, one);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ScoreIsDeterministicAcrossThreads()
    {
        ClemNetScorer scorer = CreateScorer();
        FeatureBatch batch = RandomBatch(100, new Random(2));
        float[] expectedProbabilities = new float[200];
        float[] expectedScores = new float[100];
        scorer.Score(batch, expectedProbabilities, expectedScores);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            float[] probabilities = new float[200];
            float[] scores = new float[100];
            for (int repeat = 0; repeat < 10; repeat++)
            {
                scorer.Score(batch, probabilities, scores);
                if (!probabilities.AsSpan().SequenceEqual(expectedProbabilities) || !scores.AsSpan().SequenceEqual(expectedScores))
                {
                    failures.Add($"worker {worker}, repeat {repeat}");
                }
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void RecordOutputDoesNotDependOnBatch()
    {
        ClemNetScorer scorer = CreateScorer();
        FeatureBatch batch = RandomBatch(70, new Random(3));
        float[] probabilities = new float[140];
        float[] scores = new float[70];
        scorer.Score(batch, probabilities, scores);

        float[] one = new float[2];
        for (int row = 0; row < batch.Count; row++)
        {
            Assert.Equal(scores[row], scorer.Score(batch, row, one));
            Assert.Equal(probabilities[row * 2], one[0]);
            Assert.Equal(probabilities[(row * 2) + 1], one[1]);
        }
    }

    [Fact]
    public void ScoreRejectsShortBuffers()
    {
        ClemNetScorer scorer = CreateScorer();
        FeatureBatch batch = RandomBatch(4, new Random(4));

        Assert.Throws<ArgumentException>(() => scorer.Score(batch, new float[7], new float[4]));
        Assert.Throws<ArgumentException>(() => scorer.Score(batch, new float[8], new float[3]));
    }

    [Fact]
    public void ScoreRejectsOtherWidths()
    {
        ClemNetScorer scorer = CreateScorer();
        var batch = new FeatureBatch(2, 1);
        batch.Reset(1);
        batch.SparseNotContinuous.EndRow();

        ArgumentException exception = Assert.Throws<ArgumentException>(() => scorer.Score(batch, new float[2], new float[1]));
        Assert.Contains("2 continuous", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreRejectsKeyOutsideBuckets()
    {
        ClemNetScorer scorer = CreateScorer();
        var batch = FeatureBatch.For(Definition, 1);
        batch.Reset(1);
        batch.SparseNotContinuous.Add(1 << Definition.SparseBits, 1f);
        batch.SparseNotContinuous.EndRow();

        ArgumentException exception = Assert.Throws<ArgumentException>(() => scorer.Score(batch, new float[2], new float[1]));
        Assert.Contains("outside", exception.Message, StringComparison.Ordinal);
    }

    private static ClemNetScorer CreateScorer()
    {
        var random = new Random(11);
        var tensors = Definition.Tensors.Select(shape =>
        {
            float[] data = new float[shape.ElementCount];
            for (int index = 0; index < data.Length; index++)
            {
                data[index] = shape.Name.EndsWith("running_var", StringComparison.Ordinal) || shape.Name.EndsWith("stddev", StringComparison.Ordinal)
                    ? (float)(0.1 + random.NextDouble())
                    : (float)(random.NextDouble() - 0.5);
            }

            return new CheckpointTensor(shape.Name, shape.Shape, data);
        });
        return new ClemNetScorer(Definition, new Checkpoint(tensors, CheckpointMetadata.Create(Definition, 0)));
    }

    private static FeatureBatch RandomBatch(int count, Random random)
    {
        FeatureBatch batch = FeatureBatch.For(Definition, count);
        batch.Reset(count);
        for (int row = 0; row < count; row++)
        {
            foreach (ref float value in batch.ContinuousRow(row))
            {
                value = (float)((random.NextDouble() - 0.5) * 10);
            }

            batch.BinaryRow(row)[0] = random.Next(2);
            int entries = random.Next(4);
            for (int entry = 0; entry < entries; entry++)
            {
                batch.SparseNotContinuous.Add(random.Next(1 << Definition.SparseBits), 1f);
            }

            batch.SparseNotContinuous.EndRow();
            if (Definition.HasSparseContinuous)
            {
                batch.SparseContinuous.EndRow();
            }
        }

        return batch;
    }
}
