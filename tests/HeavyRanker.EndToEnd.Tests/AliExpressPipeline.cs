namespace HeavyRanker.EndToEnd.Tests;

/// <summary>
/// Runs train (on train.csv, validating on test.csv), eval and score (both on test.csv) once, and
/// keeps the folders and outputs for the tests of <see cref="AliExpressPipelineTests"/>.
/// </summary>
public sealed class AliExpressPipeline : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    internal CliRun Train { get; private set; } = null!;

    internal CliRun Eval { get; private set; } = null!;

    internal CliRun Score { get; private set; } = null!;

    public string ModelDirectory => _folder.File("model");

    public string EvalMetricsPath => _folder.File("eval-metrics.json");

    public string EvalReportDirectory => _folder.File("eval-report");

    public string ScoresPath => _folder.File("scores.csv");

    public async Task InitializeAsync()
    {
        Train = await Cli.RunAsync("train", "--data", TestPaths.TrainCsv, "--valid", TestPaths.TestCsv, "--out", ModelDirectory);
        Eval = await Cli.RunAsync("eval", "--model", ModelDirectory, "--data", TestPaths.TestCsv, "--out", EvalMetricsPath, "--report", EvalReportDirectory);
        Score = await Cli.RunAsync("score", "--model", ModelDirectory, "--data", TestPaths.TestCsv, "--out", ScoresPath, "--key-column", "search_id");
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
