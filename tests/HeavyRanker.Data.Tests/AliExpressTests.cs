using HeavyRanker.Runtime.Data;

namespace HeavyRanker.Data.Tests;

/// <summary>Reads the real AliExpress sample (click → open task, conversion → engage task).</summary>
public sealed class AliExpressTests
{
    private sealed record Impression(long SearchId, long Category, bool Binary, double Numerical, float Click, float Conversion);

    private static readonly DelegateBinder<Impression> Binder = new(
        ["search_id", "categorical_7", "categorical_4", "numerical_1", "click", "conversion"],
        row => new Impression(
            RecordBinder.RequiredInt64(row, 0),
            RecordBinder.RequiredInt64(row, 1),
            RecordBinder.RequiredBoolean(row, 2),
            RecordBinder.RequiredDouble(row, 3),
            RecordBinder.Label(row, 4),
            RecordBinder.Label(row, 5)));

    [Fact]
    public void TrainCsvReadsEveryRow()
    {
        using var reader = RecordReader.Open(Path.Combine(RepositoryPaths.AliExpress, "train.csv"), Binder);

        var rows = reader.ToList();

        Assert.Equal(100, rows.Count);
        Assert.All(rows, row => Assert.True(row.Click is 0 or 1));
        Assert.All(rows, row => Assert.True(row.Conversion is 0 or 1));
        Assert.Equal(3, rows.Count(row => row.Click == 1));
        Assert.Equal(2, rows.Count(row => row.Conversion == 1));
        Assert.All(rows.Where(row => row.Conversion == 1), row => Assert.Equal(1f, row.Click));
        Assert.Equal(0, reader.SkippedRowCount);
    }

    [Fact]
    public void TrainCsvHasDistinctValues()
    {
        using var reader = RecordReader.Open(Path.Combine(RepositoryPaths.AliExpress, "train.csv"), Binder);

        var rows = reader.ToList();

        Assert.True(rows.Select(row => row.Numerical).Distinct().Count() > 1);
        Assert.True(rows.Select(row => row.Category).Distinct().Count() > 1);
        Assert.Contains(rows, row => row.Binary);
    }

    [Fact]
    public void MisspelledAliExpressColumnIsNamed()
    {
        var binder = new DelegateBinder<float>(["clicks"], row => row.GetLabel(0));

        var error = Assert.Throws<DataFormatException>(() => RecordReader.Open(Path.Combine(RepositoryPaths.AliExpress, "test.csv"), binder));

        Assert.Equal("clicks", error.Column);
        Assert.Contains("Did you mean 'click'?", error.Message);
    }
}
