using HeavyRanker.Runtime.Features;

namespace HeavyRanker.Runtime.Tests.Features;

public class SparseRowsTests
{
    [Fact]
    public void Rows_KeepEntriesInOrder()
    {
        var rows = new SparseRows(rowCapacity: 2, entryCapacity: 2);
        rows.Clear(3);

        rows.Add(5, 1f);
        rows.Add(9, 2f);
        rows.EndRow();
        rows.EndRow();
        rows.Add(3, 0.25f);
        rows.EndRow();

        Assert.Equal(3, rows.RowCount);
        Assert.Equal(3, rows.EntryCount);
        Assert.Equal(new[] { 0, 2, 2, 3 }, rows.Offsets.ToArray());
        Assert.Equal(new[] { 5, 9 }, rows.RowKeys(0).ToArray());
        Assert.Equal(new[] { 1f, 2f }, rows.RowValues(0).ToArray());
        Assert.Empty(rows.RowKeys(1).ToArray());
        Assert.Equal(new[] { 3 }, rows.RowKeys(2).ToArray());
        Assert.Equal(new[] { 0.25f }, rows.RowValues(2).ToArray());
    }

    [Fact]
    public void Add_GrowsPastEntryCapacity()
    {
        var rows = new SparseRows(rowCapacity: 1, entryCapacity: 1);
        rows.Clear(1);

        for (int i = 0; i < 100; i++)
        {
            rows.Add(i, i * 0.5f);
        }

        rows.EndRow();

        Assert.Equal(100, rows.EntryCount);
        Assert.Equal(99, rows.Keys[99]);
        Assert.Equal(49.5f, rows.Values[99]);
    }

    [Fact]
    public void EndRow_GrowsPastRowCapacity()
    {
        var rows = new SparseRows(rowCapacity: 1, entryCapacity: 1);
        rows.Clear(1);

        for (int i = 0; i < 20; i++)
        {
            rows.Add(i, 1f);
            rows.EndRow();
        }

        Assert.Equal(20, rows.RowCount);
        Assert.Equal(new[] { 19 }, rows.RowKeys(19).ToArray());
    }

    [Fact]
    public void Clear_KeepsBuffersAndEmpties()
    {
        var rows = new SparseRows(rowCapacity: 4, entryCapacity: 4);
        rows.Clear(4);
        rows.Add(1, 1f);
        rows.EndRow();

        rows.Clear(4);

        Assert.Equal(0, rows.RowCount);
        Assert.Equal(0, rows.EntryCount);
        Assert.Equal(new[] { 0 }, rows.Offsets.ToArray());
    }

    [Fact]
    public void Refill_SameSizeAllocatesNothing()
    {
        var rows = new SparseRows(rowCapacity: 1, entryCapacity: 1);
        Fill(rows);
        Fill(rows);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Fill(rows);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
    }

    private static void Fill(SparseRows rows)
    {
        rows.Clear(64);
        for (int row = 0; row < 64; row++)
        {
            for (int entry = 0; entry < 7; entry++)
            {
                rows.Add(row + entry, entry);
            }

            rows.EndRow();
        }
    }
}
