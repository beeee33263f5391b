using System.Globalization;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Metrics;

namespace HeavyRanker.EndToEnd.Tests;

/// <summary>train → eval → score of the AliExpressRanker sample on the real AliExpress rows.</summary>
public sealed class AliExpressPipelineTests(AliExpressPipeline pipeline) : IClassFixture<AliExpressPipeline>, IDisposable
{
    private const int TestRows = 100;

    // test.csv has 6 clicks in 100 rows.
    private const double TestClickRate = 0.06;

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TrainSucceeds()
    {
        Assert.True(pipeline.Train.ExitCode == 0, pipeline.Train.Error + pipeline.Train.Output);
        Assert.Equal(string.Empty, pipeline.Train.Error);
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("spec.json")]
    [InlineData("metrics.json")]
    [InlineData("training-log.json")]
    public void TrainWritesModelFile(string fileName)
    {
        var file = new FileInfo(Path.Combine(pipeline.ModelDirectory, fileName));

        Assert.True(file.Exists, $"{file.FullName} is missing. Train output: {pipeline.Train.Output}{pipeline.Train.Error}");
        Assert.True(file.Length > 0, $"{file.FullName} is empty.");
    }

    [Theory]
    [InlineData("training-loss.png")]
    [InlineData("validation-pr-auc.png")]
    [InlineData("roc-click.png")]
    [InlineData("pr-click.png")]
    [InlineData("calibration-click.png")]
    [InlineData("roc-conversion.png")]
    [InlineData("pr-conversion.png")]
    [InlineData("calibration-conversion.png")]
    public void TrainWritesPngPlot(string fileName)
    {
        AssertPng(Path.Combine(pipeline.ModelDirectory, "report", fileName));
    }

    [Theory]
    [InlineData("roc-click.png")]
    [InlineData("pr-conversion.png")]
    [InlineData("calibration-click.png")]
    [InlineData("training-loss.png")]
    public void EvalWritesPngPlot(string fileName)
    {
        Assert.True(pipeline.Eval.ExitCode == 0, pipeline.Eval.Error);
        AssertPng(Path.Combine(pipeline.EvalReportDirectory, fileName));
    }

    [Fact]
    public void OutputFolderLeavesNoTemporaryFolder()
    {
        string parent = Path.GetDirectoryName(pipeline.ModelDirectory)!;

        Assert.Empty(Directory.GetDirectories(parent, ".model.tmp-*"));
        Assert.False(Directory.Exists(Path.Combine(pipeline.ModelDirectory, ".checkpoints")));
    }

    [Fact]
    public void ValidationMetricsInRange()
    {
        MetricsReport report = MetricsReport.Load(Path.Combine(pipeline.ModelDirectory, "metrics.json"));

        AssertMetricsInRange(report);
    }

    [Fact]
    public void EvalMetricsMatchTrainMetrics()
    {
        Assert.True(pipeline.Eval.ExitCode == 0, pipeline.Eval.Error);
        MetricsReport evaluated = MetricsReport.Load(pipeline.EvalMetricsPath);
        MetricsReport trained = MetricsReport.Load(Path.Combine(pipeline.ModelDirectory, "metrics.json"));

        AssertMetricsInRange(evaluated);
        Assert.Equal(trained["click"].Unweighted.ExactRocAuc, evaluated["click"].Unweighted.ExactRocAuc, 6);
        Assert.Equal(trained["conversion"].Unweighted.AveragePrecision, evaluated["conversion"].Unweighted.AveragePrecision, 6);
    }

    [Fact]
    public void EvalPrintsMetricsTable()
    {
        Assert.Contains("ROC-AUC (exact)", pipeline.Eval.Output);
        Assert.Contains("conversion (weighted)", pipeline.Eval.Output);
    }

    [Fact]
    public void ScoreWritesEveryRowOnceInOrder()
    {
        Assert.True(pipeline.Score.ExitCode == 0, pipeline.Score.Error);
        string[] lines = File.ReadAllLines(pipeline.ScoresPath);
        string[] searchIds = File.ReadAllLines(TestPaths.TestCsv).Skip(1).Select(line => line[..line.IndexOf(',')]).ToArray();

        Assert.Equal("row,search_id,p_click,p_conversion,score", lines[0]);
        Assert.Equal(TestRows, lines.Length - 1);
        Assert.Equal(TestRows, searchIds.Length);
        for (int row = 1; row <= TestRows; row++)
        {
            string[] fields = lines[row].Split(',');
            Assert.Equal(row.ToString(CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal(searchIds[row - 1], fields[1]);
        }
    }

    [Fact]
    public void ScoresAreProbabilitiesAndNotConstant()
    {
        double[][] values = File.ReadAllLines(pipeline.ScoresPath).Skip(1)
            .Select(line => line.Split(',').Skip(2).Select(field => double.Parse(field, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

        foreach (double[] row in values)
        {
            Assert.All(row, value => Assert.InRange(value, 0.0, 1.0));
            Assert.True(row[1] <= row[0] + 1e-6, $"p_conversion {row[1]} exceeds p_click {row[0]}, but it is a joint probability.");
            double expectedScore = ((0.9 * row[0]) + (0.1 * row[1])) / 1.0;
            Assert.Equal(expectedScore, row[2], 5);
        }

        Assert.True(values.Select(row => row[2]).Distinct().Count() > 1, "Every record got the same score.");
    }

    [Fact]
    public async Task ScoreReadsFileWithoutLabels()
    {
        string[] lines = File.ReadAllLines(TestPaths.TestCsv);
        string[] header = lines[0].Split(',');
        int[] columnsWithoutLabels = Enumerable.Range(0, header.Length).Where(index => header[index] is not ("click" or "conversion")).ToArray();
        string unlabelled = _folder.File("unlabelled.csv");
        File.WriteAllLines(unlabelled, lines.Select(line => string.Join(',', columnsWithoutLabels.Select(index => line.Split(',')[index]))));
        string output = _folder.File("unlabelled-scores.csv");

        CliRun run = await Cli.RunAsync("score", "--model", pipeline.ModelDirectory, "--data", unlabelled, "--out", output, "--key-column", "search_id");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(File.ReadAllLines(pipeline.ScoresPath), File.ReadAllLines(output));
    }

    [Fact]
    public async Task ScoreRejectsUnknownKeyColumn()
    {
        string output = _folder.File("scores-bad-key.csv");

        CliRun run = await Cli.RunAsync("score", "--model", pipeline.ModelDirectory, "--data", TestPaths.TestCsv, "--out", output, "--key-column", "search_idd");

        Assert.Equal(1, run.ExitCode);
        string[] errorLines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string message = Assert.Single(errorLines);
        Assert.StartsWith("error: ", message);
        Assert.Contains(TestPaths.TestCsv, message);
        Assert.Contains("no column 'search_idd', which the --key-column option names", message);
        Assert.Contains("Did you mean 'search_id'?", message);
        Assert.DoesNotContain("spec", message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task ScoreWritesJsonLines()
    {
        string output = _folder.File("scores.jsonl");

        CliRun run = await Cli.RunAsync("score", "--model", pipeline.ModelDirectory, "--data", TestPaths.TestCsv, "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(TestRows, lines.Length);
        Assert.StartsWith("{\"row\":1,\"p_click\":", lines[0]);
        Assert.StartsWith("{\"row\":100,", lines[^1]);
    }

    [Fact]
    public void TrainingLogHasLossesAndEvaluations()
    {
        string json = File.ReadAllText(Path.Combine(pipeline.ModelDirectory, "training-log.json"));

        Assert.Contains("\"step_losses\"", json);
        Assert.Contains("\"evaluations\"", json);
        Assert.Contains("\"best_step\"", json);
    }

    [Fact]
    public async Task CheckpointOfOtherSpecExitsWithOne()
    {
        Checkpoint trained = CheckpointFile.Load(Path.Combine(pipeline.ModelDirectory, "model.safetensors"));
        var metadata = new Dictionary<string, string>(trained.Metadata);
        IReadOnlyList<string> continuous = CheckpointMetadata.GetContinuousFeatures(metadata);
        metadata[CheckpointMetadata.ContinuousFeaturesKey] = CheckpointMetadata.EncodeNames([.. continuous.Take(continuous.Count - 1), "numerical_64"]);
        string other = _folder.File("other-spec");
        Directory.CreateDirectory(other);
        CheckpointFile.Save(Path.Combine(other, "model.safetensors"), new Checkpoint(trained.Tensors, metadata));

        CliRun run = await Cli.RunAsync("eval", "--model", other, "--data", TestPaths.TestCsv);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("numerical_63", run.Error);
        Assert.Contains("warm-start", run.Error);
    }

    [Fact]
    public async Task WarmStartCommandWritesModel()
    {
        string output = _folder.File("warm");

        CliRun run = await Cli.RunAsync("warm-start", "--from", pipeline.ModelDirectory, "--out", output, "--seed", "3");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "spec.json")));
    }

    [Fact]
    public async Task TrainWarmStartsFromModel()
    {
        string output = _folder.File("warm-trained");

        CliRun run = await Cli.RunAsync(
            "train", "--data", TestPaths.TrainCsv, "--valid", TestPaths.TestCsv, "--out", output, "--epochs", "1", "--warm-start-from", pipeline.ModelDirectory);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "warm-start-report.txt")));
        Assert.Contains("\"warm_start_from\"", File.ReadAllText(Path.Combine(output, "training-log.json")));
    }

    [Fact]
    public async Task TrainOverwriteReplacesFolder()
    {
        string output = _folder.File("replaced");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "old.txt"), "earlier run");

        CliRun run = await Cli.RunAsync(
            "train", "--data", TestPaths.TrainCsv, "--out", output, "--epochs", "1", "--batch-size", "32", "--overwrite");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(File.Exists(Path.Combine(output, "old.txt")));
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
        Assert.Empty(Directory.GetDirectories(_folder.Path, "replaced.backup-*"));
        Assert.Contains("last 10 records of", File.ReadAllText(Path.Combine(output, "training-log.json")));
    }

    private static void AssertMetricsInRange(MetricsReport report)
    {
        Assert.Equal(new[] { "click", "conversion" }, report.Tasks.Select(task => task.Task));
        Assert.Equal(TestClickRate, report["click"].Unweighted.Ctr, 9);
        foreach (TaskMetrics task in report.Tasks)
        {
            Assert.Equal(TestRows, task.Unweighted.Samples);
            Assert.InRange(task.Unweighted.RocAuc, 0.0, 1.0);
            Assert.InRange(task.Unweighted.PrAuc, 0.0, 1.0);
            Assert.InRange(task.Unweighted.ExactRocAuc, 0.0, 1.0);
            Assert.InRange(task.Unweighted.AveragePrecision, 0.0, 1.0);
            Assert.InRange(task.Unweighted.PredictedCtr, 0.0, 1.0);
        }
    }

    private static void AssertPng(string path)
    {
        var file = new FileInfo(path);
        Assert.True(file.Exists, $"{path} is missing.");
        Assert.True(file.Length > 1000, $"{path} has only {file.Length} bytes.");
        byte[] header = new byte[PngSignature.Length];
        using (FileStream stream = file.OpenRead())
        {
            stream.ReadExactly(header);
        }

        Assert.Equal(PngSignature, header);
    }
}
