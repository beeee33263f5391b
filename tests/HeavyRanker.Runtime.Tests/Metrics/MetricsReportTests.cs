using System.Globalization;
using System.Text.Json;
using HeavyRanker.Runtime.Metrics;

namespace HeavyRanker.Runtime.Tests.Metrics;

public class MetricsReportTests
{
    [Fact]
    public void Json_RoundTripsExactly()
    {
        MetricsReport report = SampleReport();

        MetricsReport parsed = MetricsReport.FromJson(report.ToJson());

        Assert.Equal(report.Tasks, parsed.Tasks);
    }

    [Fact]
    public void Json_WritesSnakeCaseFields()
    {
        using JsonDocument document = JsonDocument.Parse(SampleReport().ToJson());

        JsonElement open = document.RootElement.GetProperty("tasks")[0];
        Assert.Equal("open", open.GetProperty("task").GetString());
        JsonElement weighted = open.GetProperty("weighted");
        string[] expected =
        {
            "samples", "total_weight", "ctr", "predicted_ctr", "prediction_std", "accuracy", "precision",
            "recall", "roc_auc", "pr_auc", "exact_roc_auc", "average_precision", "rce", "nrce",
        };
        Assert.Equal(expected, weighted.EnumerateObject().Select(property => property.Name));
        Assert.Equal(4, weighted.GetProperty("samples").GetInt64());
        Assert.Equal(4.5, weighted.GetProperty("total_weight").GetDouble());
    }

    [Fact]
    public void Json_WritesNaNAsNull()
    {
        var accumulator = new TaskMetricsAccumulator("engagement");
        accumulator.Add(new float[] { 0, 0 }, new[] { 0.1f, 0.2f });
        MetricsReport report = MetricsReport.From(new[] { accumulator });

        string json = report.ToJson();
        using JsonDocument document = JsonDocument.Parse(json);

        JsonElement unweighted = document.RootElement.GetProperty("tasks")[0].GetProperty("unweighted");
        Assert.Equal(JsonValueKind.Null, unweighted.GetProperty("roc_auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, unweighted.GetProperty("rce").ValueKind);
        Assert.DoesNotContain("NaN", json);
        Assert.True(double.IsNaN(MetricsReport.FromJson(json)["engagement"].Unweighted.RocAuc));
    }

    [Fact]
    public void Json_IgnoresCurrentCulture()
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            string json = SampleReport().ToJson();

            Assert.Contains("\"total_weight\": 4.5", json);
            Assert.Equal(SampleReport().Tasks, MetricsReport.FromJson(json).Tasks);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void SaveAndLoad_File()
    {
        string path = Path.Combine(Path.GetTempPath(), "heavyranker-metrics-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            MetricsReport report = SampleReport();

            report.Save(path);

            Assert.Equal(report.Tasks, MetricsReport.Load(path).Tasks);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Indexer_FindsTaskByName()
    {
        MetricsReport report = SampleReport();

        Assert.Equal("engagement", report["engagement"].Task);
        var exception = Assert.Throws<KeyNotFoundException>(() => report["dislike"]);
        Assert.Contains("'dislike'", exception.Message);
        Assert.Contains("'open', 'engagement'", exception.Message);
    }

    [Fact]
    public void Constructor_RejectsDuplicateTasks()
    {
        TaskMetrics open = SampleReport()["open"];

        Assert.Throws<ArgumentException>(() => new MetricsReport(new[] { open, open }));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{}", "'tasks' is missing")]
    [InlineData("{\"tasks\": {}}", "'tasks' in the report is a JSON Object")]
    [InlineData("{\"tasks\": [{\"weighted\": {}}]}", "'task' is missing")]
    [InlineData("{\"tasks\": [{\"task\": \"open\", \"weighted\": {\"samples\": 1}}]}", "'total_weight' is missing from the weighted metrics of task 'open'")]
    [InlineData("{\"tasks\": [{\"task\": \"open\", \"weighted\": {\"samples\": 1.5}}]}", "'samples' in the weighted metrics of task 'open' is 1.5, not an integer")]
    public void FromJson_RejectsMalformed(string json, string expectedMessage)
    {
        var exception = Assert.Throws<InvalidDataException>(() => MetricsReport.FromJson(json));

        Assert.Contains(expectedMessage, exception.Message);
    }

    private static MetricsReport SampleReport()
    {
        var open = new TaskMetricsAccumulator("open");
        open.Add(new float[] { 1, 0, 1, 0 }, new[] { 0.9f, 0.2f, 0.4f, 0.6f }, new[] { 1f, 2f, 1f, 0.5f });
        var engagement = new TaskMetricsAccumulator("engagement");
        engagement.Add(new float[] { 1, 0, 0, 0 }, new[] { 0.3f, 0.1f, 0.05f, 0.2f }, new[] { 1f, 2f, 1f, 0.5f });
        return MetricsReport.From(new[] { open, engagement });
    }
}
