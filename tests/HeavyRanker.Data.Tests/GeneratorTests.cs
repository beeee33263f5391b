using System.Globalization;
using System.Text.RegularExpressions;
using HeavyRanker.Runtime.Data;
using HeavyRanker.Runtime.Data.Synthetic;

namespace HeavyRanker.Data.Tests;

/// <summary>The synthetic notification data: determinism, columns, label rates, formats and the truth sidecar.</summary>
public sealed class GeneratorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public void SameSeedGivesSameBytes(string extension)
    {
        var first = _folder.File("first." + extension);
        var second = _folder.File("second." + extension);

        NotificationDataWriter.Write(first, 2_000, seed: 7);
        NotificationDataWriter.Write(second, 2_000, seed: 7);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(File.ReadAllText(first + ".truth.json").Replace(first, ""), File.ReadAllText(second + ".truth.json").Replace(second, ""));
    }

    [Fact]
    public void DifferentSeedGivesDifferentRows()
    {
        var first = _folder.File("first.csv");
        var second = _folder.File("second.csv");

        NotificationDataWriter.Write(first, 100, seed: 7);
        NotificationDataWriter.Write(second, 100, seed: 8);

        var firstRows = File.ReadAllLines(first);
        var secondRows = File.ReadAllLines(second);
        Assert.Equal(firstRows[0], secondRows[0]);
        Assert.NotEqual(firstRows[1], secondRows[1]);
    }

    [Fact]
    public void ColumnsMatchSampleSpec()
    {
        var spec = File.ReadAllText(RepositoryPaths.NotificationSpec);
        var featureColumns = Regex.Matches(spec, @"\bcolumn:\s*([\w.]+)").Select(match => match.Groups[1].Value);
        var labelColumns = Regex.Matches(spec, @"^\s*label:\s*([\w.]+)", RegexOptions.Multiline).Select(match => match.Groups[1].Value);
        var dislike = Regex.Match(spec, @"dislike_label:\s*([\w.]+)").Groups[1].Value;
        var weight = Regex.Match(spec, @"weight_column:\s*([\w.]+)").Groups[1].Value;
        string[] expected = [.. featureColumns, .. labelColumns, dislike, weight];

        var generated = NotificationDataGenerator.Columns.Select(column => column.Name).ToArray();

        Assert.Equal(44, expected.Length);
        Assert.Equal(expected, generated);
    }

    [Fact]
    public void LabelRatesArePlausible()
    {
        var generator = new NotificationDataGenerator(11);
        var example = NotificationDataGenerator.CreateExample();
        int opens = 0, engages = 0, dislikes = 0;
        const int Rows = 20_000;

        for (var i = 0; i < Rows; i++)
        {
            generator.Next(example);
            opens += example.Open;
            engages += example.Engage;
            dislikes += example.Dislike;
            Assert.True(example.Engage <= example.Open, "an engaged notification must be opened");
            Assert.True(example.Dislike == 0 || example.Open == 0, "a disliked notification is never opened");
            Assert.True(example.Weight > 0);
        }

        Assert.InRange(opens / (double)Rows, 0.01, 0.30);
        Assert.InRange(engages, 1, opens - 1);
        Assert.InRange(dislikes / (double)Rows, 0.0005, 0.05);
    }

    [Fact]
    public void FeaturesHaveRealisticShapes()
    {
        var generator = new NotificationDataGenerator(3);
        var example = NotificationDataGenerator.CreateExample();
        var followers = new List<double>();
        var verified = 0;
        var typeCounts = new int[13];
        var maxSetSize = 0;
        var missingAges = 0;
        const int Rows = 20_000;

        for (var i = 0; i < Rows; i++)
        {
            generator.Next(example);
            followers.Add(example.Continuous[2]!.Value);
            verified += example.Binary[0] == true ? 1 : 0;
            typeCounts[example.Discrete[0]!.Value]++;
            maxSetSize = Math.Max(maxSetSize, example.Sets.Max(set => set?.Count ?? 0));
            missingAges += example.Continuous[0] is null ? 1 : 0;
        }

        followers.Sort();
        Assert.True(followers[^1] > 100 * followers[Rows / 2], "follower counts should be heavy-tailed");
        Assert.InRange(verified / (double)Rows, 0.0005, 0.02);
        Assert.True(typeCounts[1] > 3 * typeCounts[12], "notification types should be skewed");
        Assert.InRange(maxSetSize, 5, 10);
        Assert.InRange(missingAges / (double)Rows, 0.2, 0.3);
    }

    [Fact]
    public void AllFormatsReadBackToSameRecords()
    {
        string[] extensions = ["csv", "tsv", "jsonl", "parquet"];
        var contents = new List<List<string>>();

        foreach (var extension in extensions)
        {
            var path = _folder.File("rows." + extension);
            NotificationDataWriter.Write(path, 300, seed: 5);
            using var reader = RecordReader.Open(path, new CanonicalBinder());
            contents.Add(reader.ToList());
        }

        Assert.Equal(300, contents[0].Count);
        Assert.Contains(contents[0], row => row.Contains("user_interests=[]"));
        Assert.Contains(contents[0], row => row.Contains("user_age=null"));
        for (var i = 1; i < contents.Count; i++)
        {
            Assert.Equal(contents[0], contents[i]);
        }
    }

    [Fact]
    public void ParquetOutputSpansRowGroups()
    {
        var path = _folder.File("groups.parquet");
        var rows = NotificationDataWriter.ParquetRowGroupSize + 10;

        NotificationDataWriter.Write(path, rows, seed: 9);
        using var reader = RecordReader.Open(path, new DelegateBinder<float>(["label"], row => row.GetLabel(0)));

        Assert.Equal(rows, reader.LongCount());
    }

    [Fact]
    public void TruthSidecarMatchesExactRocAuc()
    {
        var path = _folder.File("truth.csv");
        const int Rows = 30_000;

        var report = NotificationDataWriter.Write(path, Rows, seed: 21);
        var stored = GenerationReport.FromJson(File.ReadAllText(GenerationReport.TruthPathFor(path)));

        var generator = new NotificationDataGenerator(21);
        var example = NotificationDataGenerator.CreateExample();
        var open = new List<(double Probability, int Label)>();
        var engage = new List<(double Probability, int Label)>();
        for (var i = 0; i < Rows; i++)
        {
            generator.Next(example);
            open.Add((example.LabelProbability, example.Open));
            engage.Add((example.EngageProbability, example.Engage));
        }

        Assert.Equal(Rows, stored.Rows);
        Assert.Equal(["open", "engage"], stored.Tasks.Select(task => task.Task));
        Assert.Equal(report.Tasks[0].OptimumRocAuc, stored.Tasks[0].OptimumRocAuc);
        Assert.Equal(ExactRocAuc(open), stored.Tasks[0].OptimumRocAuc, 1e-4);
        Assert.Equal(ExactRocAuc(engage), stored.Tasks[1].OptimumRocAuc, 1e-4);
        Assert.InRange(stored.Tasks[0].OptimumRocAuc, 0.7, 0.95);
        Assert.InRange(stored.Tasks[0].OptimumRce, 5, 60);
        Assert.Equal(open.Average(item => item.Label), stored.Tasks[0].PositiveRate, 1e-12);
    }

    [Fact]
    public void MemoryStaysFlatWhileStreaming()
    {
        var path = _folder.File("large.csv");
        var heap = new List<long>();
        var progress = new SynchronousProgress(rows =>
        {
            if (rows % 50_000 == 0)
            {
                heap.Add(GC.GetTotalMemory(forceFullCollection: true));
            }
        });

        NotificationDataWriter.Write(path, 200_000, seed: 1, progress: progress);

        Assert.True(heap.Count >= 4);
        Assert.True(heap[^1] - heap[0] < 16 << 20, $"managed heap grew from {heap[0]} to {heap[^1]} bytes while streaming");
        Assert.Equal(200_001, File.ReadLines(path).LongCount());
    }

    /// <summary>Exact ROC-AUC by sorting, with tied probabilities counting half.</summary>
    private static double ExactRocAuc(List<(double Probability, int Label)> items)
    {
        var sorted = items.OrderBy(item => item.Probability).ToArray();
        double negativesBelow = 0, correct = 0, positives = 0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start;
            double tiedPositives = 0, tiedNegatives = 0;
            while (end < sorted.Length && sorted[end].Probability == sorted[start].Probability)
            {
                tiedPositives += sorted[end].Label;
                tiedNegatives += 1 - sorted[end].Label;
                end++;
            }

            correct += tiedPositives * (negativesBelow + 0.5 * tiedNegatives);
            negativesBelow += tiedNegatives;
            positives += tiedPositives;
            start = end;
        }

        return correct / (positives * negativesBelow);
    }

    /// <summary>Reads every generated column into one line of text, so that formats can be compared.</summary>
    private sealed class CanonicalBinder : IRecordBinder<string>
    {
        public IReadOnlyList<string> Columns { get; } = NotificationDataGenerator.Columns.Select(column => column.Name).ToArray();

        public string Bind(IRowReader row)
        {
            var parts = new List<string>();
            for (var i = 0; i < Columns.Count; i++)
            {
                var value = NotificationDataGenerator.Columns[i].Kind switch
                {
                    SyntheticColumnKind.Label => RecordBinder.Label(row, i).ToString(CultureInfo.InvariantCulture),
                    _ when row.IsMissing(i) => "null",
                    SyntheticColumnKind.Continuous => row.GetDouble(i).ToString("R", CultureInfo.InvariantCulture),
                    SyntheticColumnKind.Binary => row.GetBoolean(i).ToString(),
                    SyntheticColumnKind.Discrete => row.GetInt64(i).ToString(CultureInfo.InvariantCulture),
                    SyntheticColumnKind.String => row.GetString(i),
                    SyntheticColumnKind.Set => "[" + string.Join(",", row.GetStringSet(i).Order(StringComparer.Ordinal)) + "]",
                    _ => "{" + string.Join(",", row.GetStringDoubleMap(i).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}:{e.Value:R}")) + "}",
                };
                parts.Add($"{Columns[i]}={value}");
            }

            return string.Join(" ", parts);
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the writing thread, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
