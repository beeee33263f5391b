using HeavyRanker.Runtime.Data;
using Parquet;
using Parquet.Schema;

namespace HeavyRanker.Data.Tests;

/// <summary>Parquet layouts beyond the sample writer's: nullable map values and legacy repeated fields.</summary>
public sealed class ParquetLayoutTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void NullMapValueIsDropped()
    {
        // Spark writes map values as optional: entry 2 with a null value, entry 3 with a value.
        var map = new MapField("scores", new DataField<string>("key", false), new DataField<double?>("value"));
        var schema = new ParquetSchema(map);
        var path = Write(schema, async group =>
        {
            int[] repetitions = [0, 1, 0];
            await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(schema.DataFields[0], new[] { "a".AsMemory(), "b".AsMemory(), "c".AsMemory() }, new[] { 2, 2, 2 }, repetitions, default);
            await group.WriteAllPartsAsync<double>(schema.DataFields[1], new[] { 0.5, 2.0 }, new[] { 3, 2, 3 }, repetitions, default);
        });

        var maps = Read(path, "scores", row => row.GetStringDoubleMap(0));

        Assert.Equal(2, maps.Count);
        Assert.Equal(new Dictionary<string, double> { ["a"] = 0.5 }, maps[0]);
        Assert.Equal(new Dictionary<string, double> { ["c"] = 2.0 }, maps[1]);
    }

    [Fact]
    public void LegacyRepeatedFieldReadsAsSet()
    {
        var tags = new DataField<string[]>("tags");
        var schema = new ParquetSchema(tags);
        var path = Write(schema, group =>
            group.WriteAllPartsAsync<ReadOnlyMemory<char>>(schema.DataFields[0], new[] { "a".AsMemory(), "b".AsMemory(), "c".AsMemory() }, new[] { 1, 1, 0, 1 }, new[] { 0, 1, 0, 0 }, default));

        var sets = Read(path, "tags", row => row.IsMissing(0) ? "missing" : string.Join(",", row.GetStringSet(0).Order()));

        Assert.Equal(["a,b", "", "c"], sets);
    }

    [Fact]
    public void NullListElementIsSkipped()
    {
        var list = new ListField("tags", new DataField<string>("element"));
        var schema = new ParquetSchema(list);
        var path = Write(schema, group =>
            group.WriteAllPartsAsync<ReadOnlyMemory<char>>(schema.DataFields[0], new[] { "a".AsMemory() }, new[] { 3, 2 }, new[] { 0, 1 }, default));

        var sets = Read(path, "tags", row => string.Join(",", row.GetStringSet(0)));

        Assert.Equal(["a"], sets);
    }

    private string Write(ParquetSchema schema, Func<ParquetRowGroupWriter, Task> writeGroup)
    {
        var path = _folder.File(Guid.NewGuid().ToString("N") + ".parquet");
        Task.Run(async () =>
        {
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            using var group = writer.CreateRowGroup();
            await writeGroup(group);
        }).GetAwaiter().GetResult();
        return path;
    }

    private static List<T> Read<T>(string path, string column, Func<IRowReader, T> read)
    {
        using var reader = RecordReader.Open(path, new DelegateBinder<T>([column], read));
        return reader.ToList();
    }
}
