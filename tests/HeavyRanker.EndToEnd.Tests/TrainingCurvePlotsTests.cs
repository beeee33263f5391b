using HeavyRanker.Cli.Reports;
using HeavyRanker.Cli.Training;
using ScottPlot;

namespace HeavyRanker.EndToEnd.Tests;

/// <summary>Axis limits of the training-curve plots for logs with few or undefined values.</summary>
public sealed class TrainingCurvePlotsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SingleEvaluationUsesUnitMetricAxis()
    {
        TrainingLog log = Log([(78, 0.7), (79, 0.6), (80, 0.5)], [(80, 0.04)], bestStep: 80, bestMetric: 0.04);

        AxisLimits limits = TrainingCurvePlots.MetricPlot(log, "PR-AUC").Axes.GetLimits();

        Assert.Equal(-TrainingCurvePlots.MetricMargin, limits.Bottom, 9);
        Assert.Equal(1 + TrainingCurvePlots.MetricMargin, limits.Top, 9);
        Assert.True(limits.Right - limits.Left >= TrainingCurvePlots.MinimumStepRange, $"x axis {limits.Left} to {limits.Right}");
        Assert.InRange(80, limits.Left, limits.Right);
    }

    [Fact]
    public void LossAxisStartsAtZero()
    {
        TrainingLog log = Log([(1, 0.7), (2, 0.2), (3, 0.05)], [(3, 0.5)], bestStep: 3, bestMetric: 0.5);

        AxisLimits limits = TrainingCurvePlots.LossPlot(log).Axes.GetLimits();

        Assert.Equal(0, limits.Bottom);
        Assert.Equal(0.7 * 1.05, limits.Top, 9);
        Assert.True(limits.Left >= 0, $"x axis starts at {limits.Left}");
        Assert.InRange(1, limits.Left, limits.Right);
        Assert.InRange(3, limits.Left, limits.Right);
    }

    [Theory]
    [InlineData(new long[] { 79 }, 79, 79)]
    [InlineData(new long[] { 1 }, 1, 1)]
    [InlineData(new long[] { 6, 12, 18 }, 6, 18)]
    [InlineData(new long[] { 100, 2000 }, 100, 2000)]
    [InlineData(new long[0], 0, 0)]
    public void StepLimitsCoverStepsAndMinimumRange(long[] steps, long first, long last)
    {
        (double left, double right) = TrainingCurvePlots.StepLimits(steps);

        Assert.True(left >= 0, $"left {left}");
        Assert.True(left <= first, $"left {left} is after the first step {first}");
        Assert.True(right >= last, $"right {right} is before the last step {last}");
        Assert.True(right - left >= TrainingCurvePlots.MinimumStepRange, $"range {left} to {right}");
    }

    [Theory]
    [InlineData(new[] { 0.5, 2.0 }, 2.1)]
    [InlineData(new[] { double.NaN, 1.0, double.PositiveInfinity }, 1.05)]
    [InlineData(new[] { double.NaN }, 1.0)]
    [InlineData(new double[0], 1.0)]
    public void LossTopIgnoresUndefinedLosses(double[] losses, double expected)
    {
        Assert.Equal(expected, TrainingCurvePlots.LossTop(losses), 9);
    }

    [Fact]
    public void AllNaNEvaluationsStillWritePlots()
    {
        TrainingLog log = Log([(1, double.NaN), (2, double.NaN)], [(1, double.NaN), (2, double.NaN)], bestStep: 2, bestMetric: double.NaN);

        AxisLimits metricLimits = TrainingCurvePlots.MetricPlot(log, "PR-AUC").Axes.GetLimits();
        AxisLimits lossLimits = TrainingCurvePlots.LossPlot(log).Axes.GetLimits();
        IReadOnlyList<string> files = ReportPlots.WriteTrainingCurves(log, _folder.File("report"));

        Assert.Equal(-TrainingCurvePlots.MetricMargin, metricLimits.Bottom, 9);
        Assert.Equal(1 + TrainingCurvePlots.MetricMargin, metricLimits.Top, 9);
        Assert.Equal(0, lossLimits.Bottom);
        Assert.Equal(1, lossLimits.Top);
        Assert.Equal(2, files.Count);
        foreach (string file in files)
        {
            Assert.Equal(PngSignature, File.ReadAllBytes(file).Take(PngSignature.Length).ToArray());
        }
    }

    private static TrainingLog Log((long Step, double Loss)[] steps, (long Step, double Metric)[] evaluations, long bestStep, double bestMetric) => new()
    {
        Model = "Tiny",
        SpecHash = "0",
        Settings = new TrainingSettings("sgd", 0.1, 8, 1, 6, "pr_auc", 3, 0, 1),
        TrainingRecords = 90,
        ValidationRecords = 10,
        ValidationSource = "test",
        Steps = steps.Length,
        BestStep = bestStep,
        BestMetric = bestMetric,
        StoppedEarly = false,
        TrainingSeconds = 1,
        StepLosses = steps.Select(entry => new StepEntry(entry.Step, 0, entry.Loss)).ToArray(),
        Evaluations = evaluations.Select(entry => new EvaluationEntry(entry.Step, double.NaN, entry.Metric)).ToArray(),
    };
}
