using HeavyRanker.Cli.Evaluation;
using HeavyRanker.Cli.Training;
using ScottPlot;

namespace HeavyRanker.Cli.Reports;

/// <summary>Writes the report's PNG plots with ScottPlot.</summary>
internal static class ReportPlots
{
    private const int Width = 900;
    private const int Height = 650;

    /// <summary>
    /// Writes <c>training-loss.png</c> (batch loss per step) and <c>validation-METRIC.png</c> (the
    /// early-stopping metric per evaluation) into <paramref name="folder"/>, and returns their paths.
    /// </summary>
    public static IReadOnlyList<string> WriteTrainingCurves(TrainingLog log, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();

        files.Add(Save(TrainingCurvePlots.LossPlot(log), folder, "training-loss.png"));
        Plot metric = TrainingCurvePlots.MetricPlot(log, MetricTitle(log.Settings.EarlyStoppingMetric));
        files.Add(Save(metric, folder, $"validation-{log.Settings.EarlyStoppingMetric.Replace('_', '-')}.png"));
        return files;
    }

    /// <summary>
    /// Writes <c>roc-TASK.png</c>, <c>pr-TASK.png</c> and <c>calibration-TASK.png</c> for every
    /// task into <paramref name="folder"/>, and returns their paths. A curve that needs both
    /// classes is drawn as an empty plot with a note when the data lacks one.
    /// </summary>
    public static IReadOnlyList<string> WriteTaskPlots(EvaluationResult result, string modelName, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (TaskPredictions task in result.Tasks)
        {
            string slug = Slug(task.Task);
            var metrics = result.Metrics[task.Task].Unweighted;
            files.Add(Save(RocPlot(task, modelName, metrics.ExactRocAuc), folder, $"roc-{slug}.png"));
            files.Add(Save(PrPlot(task, modelName, metrics.AveragePrecision, metrics.Ctr), folder, $"pr-{slug}.png"));
            files.Add(Save(CalibrationPlot(task, modelName), folder, $"calibration-{slug}.png"));
        }

        return files;
    }

    private static Plot RocPlot(TaskPredictions task, string modelName, double auc)
    {
        var plot = new Plot();
        AddDiagonal(plot, "random ranking");
        Curve? curve = Curves.Roc(task.Labels, task.Predictions);
        if (curve is null)
        {
            AddNote(plot, "ROC needs positive and negative labels");
        }
        else
        {
            var line = plot.Add.Scatter(curve.X, curve.Y);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = $"ROC-AUC {auc:F3}";
        }

        plot.Title($"{modelName}: ROC curve, task {task.Task} ({task.Labels.Length:N0} records)");
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        FinishUnitSquare(plot, Alignment.LowerRight);
        return plot;
    }

    private static Plot PrPlot(TaskPredictions task, string modelName, double averagePrecision, double positiveRate)
    {
        var plot = new Plot();
        Curve? curve = Curves.PrecisionRecall(task.Labels, task.Predictions);
        if (curve is null)
        {
            AddNote(plot, "PR curve needs positive labels");
        }
        else
        {
            var line = plot.Add.Scatter(curve.X, curve.Y);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = $"average precision {averagePrecision:F3}";
            var baseline = plot.Add.HorizontalLine(positiveRate);
            baseline.LinePattern = LinePattern.Dashed;
            baseline.Color = Colors.Gray;
            baseline.LegendText = $"positive rate {positiveRate:F3}";
        }

        plot.Title($"{modelName}: precision-recall curve, task {task.Task}");
        plot.XLabel("recall");
        plot.YLabel("precision");
        FinishUnitSquare(plot, Alignment.UpperRight);
        return plot;
    }

    private static Plot CalibrationPlot(TaskPredictions task, string modelName)
    {
        var plot = new Plot();
        Curve curve = Curves.Reliability(task.Labels, task.Predictions);
        double top = Math.Max(0.05, Math.Max(curve.X.DefaultIfEmpty(0).Max(), curve.Y.DefaultIfEmpty(0).Max()) * 1.1);
        top = Math.Min(1, top);
        var diagonal = plot.Add.Line(0, 0, top, top);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = "perfect calibration";
        var points = plot.Add.Scatter(curve.X, curve.Y);
        points.MarkerSize = 8;
        points.LineWidth = 1.5f;
        points.LegendText = "10 equal-count bins";
        plot.Title($"{modelName}: calibration, task {task.Task}");
        plot.XLabel("mean predicted probability in bin");
        plot.YLabel("observed positive rate in bin");
        plot.Axes.SetLimits(0, top, 0, top);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static void AddDiagonal(Plot plot, string legend)
    {
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = legend;
    }

    private static void AddNote(Plot plot, string text)
    {
        var note = plot.Add.Text(text, 0.5, 0.5);
        note.LabelFontSize = 18;
        note.LabelAlignment = Alignment.MiddleCenter;
    }

    private static void FinishUnitSquare(Plot plot, Alignment legend)
    {
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        plot.ShowLegend(legend);
    }

    private static string Save(Plot plot, string folder, string fileName)
    {
        string path = Path.Combine(folder, fileName);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string MetricTitle(string metric) => metric switch
    {
        "pr_auc" => "PR-AUC",
        "roc_auc" => "ROC-AUC",
        _ => metric,
    };

    private static string Slug(string task) =>
        new(task.Select(character => char.IsLetterOrDigit(character) ? char.ToLowerInvariant(character) : '-').ToArray());
}
