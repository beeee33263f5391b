using HeavyRanker.Runtime.Data;

namespace HeavyRanker.Data.Tests;

/// <summary>Every format reads the same sample rows to the same records.</summary>
public sealed class FormatTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Formats => ["csv", "tsv", "jsonl", "parquet", "parquet-strings"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void EachFormatReadsSampleRows(string format)
    {
        var path = WriteSample(format);

        var records = ReadAll(path);

        Assert.Equal(SampleRows.Expected.Select(r => r.ToString()), records.Select(r => r.ToString()));
    }

    [Fact]
    public void EmptyCellsReadAsMissing()
    {
        var path = WriteSample("csv");

        var second = ReadAll(path)[1];

        Assert.Null(second.Age);
        Assert.Null(second.Country);
        Assert.Equal("en", second.Language);
        Assert.Null(second.Interests);
        Assert.Null(second.Topics);
        Assert.Equal(0f, second.Dislike);
        Assert.Equal(1f, second.Weight);
    }

    [Fact]
    public void ExplicitEmptySetIsNotMissing()
    {
        var path = WriteSample("csv");

        var third = ReadAll(path)[2];

        Assert.NotNull(third.Interests);
        Assert.Empty(third.Interests);
        Assert.NotNull(third.Topics);
        Assert.Empty(third.Topics);
    }

    [Fact]
    public void ParquetRowGroupsReadInOrder()
    {
        var path = _folder.File("groups.parquet");
        ParquetSampleWriter.WriteNative(path, SampleRows.Expected, rowGroupSize: 3);

        var records = ReadAll(path);

        Assert.Equal(SampleRows.Expected.Select(r => r.ToString()), records.Select(r => r.ToString()));
    }

    [Fact]
    public void ParquetFolderReadsPartsInNameOrder()
    {
        var folder = Directory.CreateDirectory(_folder.File("export")).FullName;
        ParquetSampleWriter.WriteNative(Path.Combine(folder, "part-00001.snappy.parquet"), SampleRows.Expected.Skip(2).ToArray());
        ParquetSampleWriter.WriteNative(Path.Combine(folder, "part-00000.snappy.parquet"), SampleRows.Expected.Take(2).ToArray());
        File.WriteAllText(Path.Combine(folder, "_SUCCESS"), "");
        File.WriteAllText(Path.Combine(folder, ".part-00000.snappy.parquet.crc"), "not parquet");
        File.WriteAllText(Path.Combine(folder, "_committed_123.parquet"), "not parquet");

        using var reader = RecordReader.Open(folder, new SampleRecordBinder());
        var records = reader.ToList();

        Assert.Equal(SampleRows.Expected.Select(r => r.ToString()), records.Select(r => r.ToString()));
        Assert.Equal(2, reader.Files.Count);
    }

    [Fact]
    public void ReadBatchFillsReusedBuffer()
    {
        var path = WriteSample("jsonl");
        using var reader = RecordReader.Open(path, new SampleRecordBinder());
        var buffer = new SampleRecord[3];

        var first = reader.ReadBatch(buffer);
        var firstAge = buffer[0].Age;
        var second = reader.ReadBatch(buffer);
        var third = reader.ReadBatch(buffer);

        Assert.Equal(3, first);
        Assert.Equal(31.5, firstAge);
        Assert.Equal(1, second);
        Assert.Equal(1e6, buffer[0].Age);
        Assert.Equal(0, third);
        Assert.Equal(4, reader.RecordCount);
    }

    [Fact]
    public void MaxRecordsStopsEarly()
    {
        var path = WriteSample("csv");

        using var reader = RecordReader.Open(path, new SampleRecordBinder(), new RecordReaderOptions { MaxRecords = 2 });

        Assert.Equal(2, reader.Count());
    }

    [Fact]
    public void ReaderEnumeratesOnce()
    {
        var path = WriteSample("csv");
        using var reader = RecordReader.Open(path, new SampleRecordBinder());
        _ = reader.ToList();

        Assert.Throws<InvalidOperationException>(() => reader.ToList());
    }

    [Fact]
    public void QuotedCellsAreUnescaped()
    {
        var path = _folder.WriteText("quoted.csv", "id,language\n1,\"a \"\"b\"\", c\"\n2,\"two\nlines\"\n");

        var languages = ReadColumn(path, "language", row => row.GetString(0));

        Assert.Equal(["a \"b\", c", "two\nlines"], languages);
    }

    [Fact]
    public void JsonLineLongerThanBufferIsRead()
    {
        var longText = new string('x', 300_000);
        var path = _folder.WriteText("long.jsonl", $"{{\"id\":1,\"text\":\"{longText}\"}}\n{{\"id\":2,\"text\":\"short\"}}\n");

        var texts = ReadColumn(path, "text", row => row.GetString(0));

        Assert.Equal([longText, "short"], texts);
    }

    [Fact]
    public void JsonEscapedNamesAndValuesAreDecoded()
    {
        var path = _folder.WriteText("escaped.jsonl", "{\"te\\u0078t\":\"a\\nb \\u00e9\"}\n");

        var texts = ReadColumn(path, "text", row => row.GetString(0));

        Assert.Equal(["a\nb é"], texts);
    }

    [Fact]
    public void EmptyCsvLinesAreSkipped()
    {
        var path = _folder.WriteText("blank.csv", "id,age\n1,2.5\n\n2,\n\n");

        var ages = ReadColumn(path, "age", row => row.IsMissing(0) ? -1 : row.GetDouble(0));

        Assert.Equal([2.5, -1], ages);
    }

    [Fact]
    public void CrLfLineEndsAndBomAreAccepted()
    {
        var csv = _folder.WriteBytes("windows.csv", "\uFEFFid,age\r\n1,2.5\r\n"u8.ToArray());
        var jsonl = _folder.WriteBytes("windows.jsonl", "\uFEFF{\"age\":2.5}\r\n"u8.ToArray());

        Assert.Equal([2.5], ReadColumn(csv, "age", row => row.GetDouble(0)));
        Assert.Equal([2.5], ReadColumn(jsonl, "age", row => row.GetDouble(0)));
    }

    [Theory]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("nan", double.NaN)]
    [InlineData("1.5e-3", 1.5e-3)]
    [InlineData("-0", -0.0)]
    public void SpecialNumbersParse(string text, double expected)
    {
        var path = _folder.WriteText("numbers.csv", $"id,age\n1,{text}\n");

        var ages = ReadColumn(path, "age", row => row.GetDouble(0));

        Assert.Equal([expected], ages);
    }

    [Fact]
    public void FormatOptionOverridesExtension()
    {
        var path = _folder.WriteText("data.txt", SampleRows.Csv);

        using var reader = RecordReader.Open(path, new SampleRecordBinder(), new RecordReaderOptions { Format = DataFormat.Csv });

        Assert.Equal(4, reader.Count());
    }

    [Fact]
    public void FormatOptionReadsFolderWithoutExtensions()
    {
        var folder = Directory.CreateDirectory(_folder.File("text-export")).FullName;
        File.WriteAllText(Path.Combine(folder, "part-00000"), SampleRows.Csv);
        File.WriteAllText(Path.Combine(folder, "part-00001"), SampleRows.Csv);
        File.WriteAllText(Path.Combine(folder, "_SUCCESS"), "");

        using var reader = RecordReader.Open(folder, new SampleRecordBinder(), new RecordReaderOptions { Format = DataFormat.Csv });

        Assert.Equal(8, reader.Count());
        Assert.Equal(2, reader.Files.Count);
    }

    private List<SampleRecord> ReadAll(string path)
    {
        using var reader = RecordReader.Open(path, new SampleRecordBinder());
        return reader.ToList();
    }

    private static List<T> ReadColumn<T>(string path, string column, Func<IRowReader, T> read)
    {
        using var reader = RecordReader.Open(path, new DelegateBinder<T>([column], read));
        return reader.ToList();
    }

    private string WriteSample(string format)
    {
        switch (format)
        {
            case "csv":
                return _folder.WriteText("sample.csv", SampleRows.Csv);
            case "tsv":
                return _folder.WriteText("sample.tsv", SampleRows.Csv.Replace("\"quoted, with comma\"", "quoted with comma").Replace(',', '\t'));
            case "jsonl":
                return _folder.WriteText("sample.jsonl", SampleRows.JsonLines);
            case "parquet":
                var native = _folder.File("sample.parquet");
                ParquetSampleWriter.WriteNative(native, SampleRows.Expected);
                return native;
            default:
                var strings = _folder.File("strings.parquet");
                ParquetSampleWriter.WriteAsStrings(strings, SampleRows.Expected);
                return strings;
        }
    }
}
