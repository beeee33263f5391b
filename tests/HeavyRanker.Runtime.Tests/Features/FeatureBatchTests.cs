using HeavyRanker.Runtime.Features;

namespace HeavyRanker.Runtime.Tests.Features;

public class FeatureBatchTests
{
    [Fact]
    public void Reset_ZeroesDenseBlocks()
    {
        var batch = new FeatureBatch(continuousWidth: 3, binaryWidth: 2, capacity: 4);
        Fill(batch, rows: 4);

        batch.Reset(4);

        Assert.All(batch.Continuous.ToArray(), value => Assert.Equal(0f, value));
        Assert.All(batch.Binary.ToArray(), value => Assert.Equal(0f, value));
        Assert.Equal(0, batch.SparseNotContinuous.EntryCount);
        Assert.Equal(0, batch.SparseContinuous.RowCount);
    }

    [Fact]
    public void Rows_AreRowMajorSlices()
    {
        var batch = new FeatureBatch(continuousWidth: 3, binaryWidth: 2, capacity: 2);
        batch.Reset(2);

        batch.ContinuousRow(1)[2] = 7f;
        batch.BinaryRow(1)[0] = 1f;

        Assert.Equal(6, batch.Continuous.Length);
        Assert.Equal(7f, batch.Continuous[1 * 3 + 2]);
        Assert.Equal(1f, batch.Binary[1 * 2 + 0]);
    }

    [Fact]
    public void Reset_GrowsBeyondCapacity()
    {
        var batch = new FeatureBatch(continuousWidth: 2, binaryWidth: 1, capacity: 2);

        batch.Reset(5);

        Assert.Equal(5, batch.Count);
        Assert.True(batch.Capacity >= 5);
        Assert.Equal(10, batch.Continuous.Length);
        Assert.Equal(5, batch.Binary.Length);
    }

    [Fact]
    public void Refill_SameSizeAllocatesNothing()
    {
        var batch = new FeatureBatch(continuousWidth: 8, binaryWidth: 4, capacity: 32);

        // The first fill grows the sparse buffers and runs the JIT.
        Fill(batch, rows: 32);
        Fill(batch, rows: 32);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Fill(batch, rows: 32);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
    }

    private static void Fill(FeatureBatch batch, int rows)
    {
        batch.Reset(rows);
        for (int row = 0; row < rows; row++)
        {
            Span<float> continuous = batch.ContinuousRow(row);
            for (int i = 0; i < continuous.Length; i++)
            {
                continuous[i] = row + i;
            }

            batch.BinaryRow(row)[0] = 1f;

            for (int entry = 0; entry < 5; entry++)
            {
                batch.SparseNotContinuous.Add(row * 10 + entry, 1f);
            }

            batch.SparseNotContinuous.EndRow();
            batch.SparseContinuous.Add(row, 0.5f * row);
            batch.SparseContinuous.EndRow();
        }
    }
}
