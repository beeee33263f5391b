using System.Text;
using HeavyRanker.Runtime.Data;

namespace HeavyRanker.Data.Tests;

/// <summary>Every kind of bad input fails with the file, row and column, or is skipped and counted.</summary>
public sealed class BadInputTests : IDisposable
{
    private const string Header = "label,label.engagement,label.ntabDislike,weight,age,verified,country,language,interests,topics";
    private const string Good = "1,0,0,1,30,true,5,en,a|b,a:1";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void MissingCsvColumnNamesNearestHeader()
    {
        var path = _folder.WriteText("typo.csv", Header.Replace("verified", "verifed") + "\n" + Good + "\n");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(path, error.File);
        Assert.Equal(0, error.Row);
        Assert.Equal("verified", error.Column);
        Assert.Contains("Did you mean 'verifed'?", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void MissingColumnWithoutCloseNameHasNoSuggestion()
    {
        var path = _folder.WriteText("other.csv", Header.Replace("topics", "zzzzzzzzzzzz") + "\n" + Good + "\n");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal("topics", error.Column);
        Assert.DoesNotContain("Did you mean", error.Message);
    }

    [Fact]
    public void MissingParquetColumnIsReported()
    {
        var path = _folder.File("strings.parquet");
        ParquetSampleWriter.WriteAsStrings(path, SampleRows.Expected);
        var binder = new DelegateBinder<double>(["age", "agee", "weight"], row => 0);

        var error = Assert.Throws<DataFormatException>(() => RecordReader.Open(path, binder));

        Assert.Equal(0, error.Row);
        Assert.Equal("agee", error.Column);
        Assert.Contains("Parquet schema has no column 'agee'", error.Message);
        Assert.Contains("Did you mean 'age'?", error.Message);
    }

    [Fact]
    public void UnparsableNumberNamesRowAndColumn()
    {
        var path = Csv("number.csv", Good, Good.Replace(",30,", ",thirty,"));

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Row);
        Assert.Equal("age", error.Column);
        Assert.Contains("'thirty' is not a number", error.Message);
        Assert.StartsWith($"{path}, row 2, column 'age': ", error.Message);
    }

    [Fact]
    public void WrongArityNamesRow()
    {
        var path = Csv("arity.csv", Good, Good, "1,0,0,1,30", Good);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(3, error.Row);
        Assert.Equal("verified", error.Column);
        Assert.Contains("the row has 5 fields but the header has 10", error.Message);
    }

    [Fact]
    public void ExtraFieldIsArityError()
    {
        var path = Csv("extra.csv", Good + ",surplus");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(1, error.Row);
        Assert.Null(error.Column);
        Assert.Contains("11 fields", error.Message);
    }

    [Fact]
    public void InvalidUtf8InCsvNamesColumn()
    {
        var bytes = Encoding.UTF8.GetBytes($"{Header}\n{Good}\n1,0,0,1,30,true,5,").Concat(new byte[] { 0x65, 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes(",a,a:1\n")).ToArray();
        var path = _folder.WriteBytes("utf8.csv", bytes);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Equal("language", error.Column);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void InvalidUtf8InJsonLinesNamesRow()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"label\":1,\"label.engagement\":0,\"verified\":true}\n{\"label\":1,\"label.engagement\":0,\"verified\":true,\"language\":\"")
            .Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var path = _folder.WriteBytes("utf8.jsonl", bytes);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0.5")]
    [InlineData("-1")]
    [InlineData("yes")]
    public void LabelOutsideZeroOneIsRejected(string label)
    {
        var path = Csv("label.csv", label + Good[1..]);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(1, error.Row);
        Assert.Equal("label", error.Column);
        Assert.Contains("0 or 1", error.Message);
    }

    [Fact]
    public void EmptyLabelIsRejected()
    {
        var path = Csv("empty-label.csv", Good, "," + Good[2..]);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Equal("label", error.Column);
        Assert.Contains("the label is empty", error.Message);
    }

    [Fact]
    public void ParquetLabelOutsideZeroOneIsRejected()
    {
        var path = _folder.File("label.parquet");
        ParquetSampleWriter.WriteNative(path, [SampleRows.Expected[0], SampleRows.Expected[1] with { Label = 3 }]);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Equal("label", error.Column);
        Assert.Contains("label 3 is outside {0, 1}", error.Message);
    }

    [Fact]
    public void RequiredValueMissingIsRejected()
    {
        var path = Csv("required.csv", Good.Replace("true", ""));

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal("verified", error.Column);
        Assert.Contains("required value is empty", error.Message);
    }

    [Theory]
    [InlineData("a:b", "invalid value")]
    [InlineData("a:1|a:2", "appears twice")]
    [InlineData("novalue", "is not key:value")]
    public void MalformedMapIsRejected(string map, string expected)
    {
        var path = Csv("map.csv", Good[..^3] + map);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal("topics", error.Column);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void NegativeWeightIsRejected()
    {
        var path = Csv("weight.csv", "1,0,0,-2" + Good[7..]);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal("weight", error.Column);
        Assert.Contains("invalid weight -2", error.Message);
    }

    [Fact]
    public void JsonWrongTypeNamesColumn()
    {
        var path = _folder.WriteText("type.jsonl", "{\"label\":1,\"label.engagement\":0,\"verified\":true,\"interests\":{\"a\":1}}\n");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(1, error.Row);
        Assert.Equal("interests", error.Column);
        Assert.Contains("expected an array of strings but found an object", error.Message);
    }

    [Fact]
    public void JsonLineThatIsNotObjectIsRejected()
    {
        var path = _folder.WriteText("array.jsonl", "{\"label\":1,\"label.engagement\":0,\"verified\":true}\n[1,2]\n");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Contains("not a JSON object", error.Message);
    }

    [Fact]
    public void JsonTrailingContentIsRejected()
    {
        var path = _folder.WriteText("trailing.jsonl", "{\"label\":1,\"label.engagement\":0,\"verified\":true} {\"label\":0}\n");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(1, error.Row);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void ParquetTypeMismatchNamesColumn()
    {
        var path = _folder.File("native.parquet");
        ParquetSampleWriter.WriteNative(path, SampleRows.Expected);
        var binder = new DelegateBinder<IReadOnlySet<string>>(["country"], row => row.GetStringSet(0));

        var error = Assert.Throws<DataFormatException>(() => RecordReader.Open(path, binder).ToList());

        Assert.Equal(0, error.Row);
        Assert.Equal("country", error.Column);
        Assert.Contains("Parquet type int64", error.Message);
    }

    [Fact]
    public void UnclosedQuoteIsRejected()
    {
        var path = Csv("quote.csv", Good, Good.Replace(",en,", ",\"en,"), Good);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Contains("unclosed quote", error.Message);
    }

    [Fact]
    public void DuplicateHeaderNameIsRejected()
    {
        var path = _folder.WriteText("twice.csv", Header + ",age\n" + Good + ",3\n");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(0, error.Row);
        Assert.Contains("'age' found 2 times", error.Message);
        Assert.Contains("Give every column a unique name", error.Message);
    }

    [Fact]
    public void EmptyCsvFileIsRejected()
    {
        var path = _folder.WriteText("empty.csv", "");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Null(error.Row);
        Assert.Contains("the file is empty", error.Message);
    }

    [Fact]
    public void UnknownExtensionIsRejected()
    {
        var path = _folder.WriteText("data.xlsx", "");

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Contains("not a known data format", error.Message);
    }

    [Fact]
    public void MissingPathIsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => Read(_folder.File("absent.csv")));
    }

    [Fact]
    public void FolderWithoutDataFilesIsRejected()
    {
        var folder = Directory.CreateDirectory(_folder.File("empty-export")).FullName;
        File.WriteAllText(Path.Combine(folder, "_SUCCESS"), "");

        var error = Assert.Throws<DataFormatException>(() => Read(folder));

        Assert.Contains("contains no .parquet", error.Message);
    }

    [Fact]
    public void SkipBadRowsCountsAndKeepsFirstErrors()
    {
        var path = Csv("mixed.csv", Good, Good.Replace(",30,", ",x,"), Good, "1,0", "2" + Good[1..], Good);
        var options = new RecordReaderOptions { SkipBadRows = true, MaxReportedErrors = 2 };

        using var reader = RecordReader.Open(path, new SampleRecordBinder(), options);
        var records = reader.ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(3, reader.SkippedRowCount);
        Assert.Equal(3, reader.RecordCount);
        Assert.Equal([2L, 4L], reader.SkippedRowErrors.Select(e => e.Row!.Value));
        Assert.Equal(["age", "label.ntabDislike"], reader.SkippedRowErrors.Select(e => e.Column));
    }

    [Fact]
    public void SkipBadRowsDoesNotSkipMissingColumn()
    {
        var path = _folder.WriteText("no-label.csv", "age\n1\n");
        var options = new RecordReaderOptions { SkipBadRows = true };

        Assert.Throws<DataFormatException>(() => RecordReader.Open(path, new SampleRecordBinder(), options));
    }

    [Fact]
    public void SkipBadRowsSkipsBadJsonLine()
    {
        var path = _folder.WriteText("skip.jsonl", "{\"label\":1,\"label.engagement\":0,\"verified\":true}\n{\"label\":\n{\"label\":0,\"label.engagement\":0,\"verified\":false}\n");

        using var reader = RecordReader.Open(path, new SampleRecordBinder(), new RecordReaderOptions { SkipBadRows = true });

        Assert.Equal(2, reader.Count());
        Assert.Equal(1, reader.SkippedRowCount);
        Assert.Equal(2, reader.SkippedRowErrors.Single().Row);
    }

    [Fact]
    public void TruncatedCsvIsArityError()
    {
        var text = $"{Header}\n{Good}\n{Good}\n";
        var path = _folder.WriteText("cut.csv", text[..^12]);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Contains("cut off", error.Message);
    }

    [Fact]
    public void TruncatedJsonLinesIsError()
    {
        var text = "{\"label\":1,\"label.engagement\":0,\"verified\":true}\n{\"label\":1,\"label.engagement\":0,\"verified\":true,\"age\":12}\n";
        var path = _folder.WriteText("cut.jsonl", text[..^4]);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(2, error.Row);
        Assert.Contains("the file may be cut off", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(0.5)]
    public void TruncatedParquetIsError(double keptFraction)
    {
        var whole = _folder.File("whole.parquet");
        ParquetSampleWriter.WriteNative(whole, SampleRows.Expected);
        var bytes = File.ReadAllBytes(whole);
        var keptBytes = keptFraction < 1 ? (int)(bytes.Length * keptFraction) : bytes.Length - (int)keptFraction;
        var path = _folder.WriteBytes("cut.parquet", bytes[..keptBytes]);

        var error = Assert.Throws<DataFormatException>(() => Read(path));

        Assert.Equal(path, error.File);
        Assert.Null(error.Row);
        Assert.Contains("truncated", error.Message);
    }

    private string Csv(string name, params string[] rows) =>
        _folder.WriteText(name, Header + "\n" + string.Join("\n", rows) + "\n");

    private static List<SampleRecord> Read(string path)
    {
        using var reader = RecordReader.Open(path, new SampleRecordBinder());
        return reader.ToList();
    }
}
