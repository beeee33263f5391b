using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.WarmStart;

namespace HeavyRanker.WarmStart.Tests;

public sealed class ScoreTests
{
    [Fact]
    public void UnchangedListsGiveIdenticalScores()
    {
        var model = new TestModel();
        Checkpoint old = model.CreateCheckpoint(seed: 8);

        // Random values in [-1, 1) include negative variances, which make every score NaN.
        foreach (CheckpointTensor tensor in old.Tensors.Where(tensor => tensor.Name.EndsWith(".running_var", StringComparison.Ordinal) || tensor.Name.EndsWith(".renorm_stddev", StringComparison.Ordinal)))
        {
            for (int i = 0; i < tensor.Data.Length; i++)
            {
                tensor.Data[i] = Math.Abs(tensor.Data[i]) + 0.5f;
            }
        }

        Checkpoint rewritten = WarmStartRewriter.Rewrite(old, model, seed: 2, out _);
        FeatureBatch batch = CreateBatch(model, rows: 16);

        float[] oldScores = Score(new ClemNetScorer(model, old), batch);
        float[] newScores = Score(new ClemNetScorer(model, rewritten), batch);

        Assert.All(oldScores, score => Assert.InRange(score, 0f, 1f));
        Assert.True(CheckpointAssert.SameBits(oldScores, newScores), "The scores differ in at least one bit.");
    }

    private static FeatureBatch CreateBatch(TestModel model, int rows)
    {
        var random = new Random(21);
        FeatureBatch batch = FeatureBatch.For(model, rows);
        batch.Reset(rows);
        for (int i = 0; i < batch.Continuous.Length; i++)
        {
            batch.Continuous[i] = (float)(random.NextDouble() * 10 - 5);
        }

        for (int i = 0; i < batch.Binary.Length; i++)
        {
            batch.Binary[i] = random.Next(2);
        }

        // Each record has two hashed keys in the 16-bucket sparse group and an empty second group.
        for (int row = 0; row < rows; row++)
        {
            batch.SparseNotContinuous.Add(random.Next(16), 1f);
            batch.SparseNotContinuous.Add(random.Next(16), 1f);
            batch.SparseNotContinuous.EndRow();
            batch.SparseContinuous.EndRow();
        }

        return batch;
    }

    private static float[] Score(ClemNetScorer scorer, FeatureBatch batch)
    {
        var probabilities = new float[batch.Count * scorer.TaskCount];
        var scores = new float[batch.Count];
        scorer.Score(batch, probabilities, scores);
        return probabilities.Concat(scores).ToArray();
    }
}
