using HeavyRanker.Cli.Training;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace HeavyRanker.Cli.Reports;

/// <summary>
/// Builds the training-loss and validation-metric plots of <c>training-log.json</c> with fixed
/// axis limits, so that runs with one evaluation, one step or only NaN values still get
/// readable axes.
/// </summary>
internal static class TrainingCurvePlots
{
    /// <summary>Smallest step range on the x axis, so a single step does not get fractional ticks.</summary>
    public const double MinimumStepRange = 10;

    /// <summary>Margin around the unit interval of a metric axis, so markers at 0 or 1 are drawn whole.</summary>
    public const double MetricMargin = 0.02;

    /// <summary>Plots the loss of every step, with the y axis starting at 0.</summary>
    public static Plot LossPlot(TrainingLog log)
    {
        var plot = new Plot();
        StepEntry[] defined = log.StepLosses.Where(entry => double.IsFinite(entry.Loss)).ToArray();
        var (left, right) = StepLimits(log.StepLosses.Select(entry => entry.Step));
        double top = LossTop(defined.Select(entry => entry.Loss));

        if (defined.Length == 0)
        {
            AddNote(plot, "No defined values: every step's loss is NaN or infinite.", (left + right) / 2, top / 2);
        }
        else
        {
            var line = plot.Add.Scatter(defined.Select(entry => (double)entry.Step).ToArray(), defined.Select(entry => entry.Loss).ToArray());
            line.MarkerSize = defined.Length > 50 ? 0 : 5;
            line.LineWidth = 1.5f;
        }

        plot.Title($"{log.Model}: training loss per step");
        plot.XLabel("step");
        plot.YLabel("loss (sum of task cross entropies, per record)");
        UseIntegerStepTicks(plot);
        plot.Axes.SetLimits(left, right, 0, top);
        return plot;
    }

    /// <summary>
    /// Plots the early-stopping metric of every evaluation on the unit interval and marks the
    /// step of the checkpoint that training returned. NaN evaluations are left out and counted
    /// in the legend, and a plot without any defined value gets a note that gives the likely cause.
    /// </summary>
    public static Plot MetricPlot(TrainingLog log, string metricName)
    {
        var plot = new Plot();
        EvaluationEntry[] defined = log.Evaluations.Where(entry => double.IsFinite(entry.Metric)).ToArray();
        int undefinedCount = log.Evaluations.Count - defined.Length;
        var (left, right) = StepLimits(log.Evaluations.Select(entry => entry.Step).Append(log.BestStep));

        if (defined.Length == 0)
        {
            string reason = log.Evaluations.Count == 0
                ? "No defined values: the log has no evaluations."
                : $"No defined values: all {log.Evaluations.Count} evaluations gave NaN,\nas when the first task's validation labels are all of one class.";
            AddNote(plot, reason, (left + right) / 2, 0.5);
        }
        else
        {
            var points = plot.Add.Scatter(defined.Select(entry => (double)entry.Step).ToArray(), defined.Select(entry => entry.Metric).ToArray());
            points.MarkerSize = 8;
            points.LineWidth = 2;
            points.LegendText = undefinedCount == 0 ? "validation" : $"validation ({undefinedCount} NaN evaluations left out)";
        }

        var result = plot.Add.VerticalLine(log.BestStep);
        result.LinePattern = LinePattern.Dashed;
        result.LegendText = double.IsFinite(log.BestMetric)
            ? $"best checkpoint (step {log.BestStep})"
            : $"last checkpoint, kept without a metric (step {log.BestStep})";
        plot.Title($"{log.Model}: validation {metricName} of the first task");
        plot.XLabel("step");
        plot.YLabel($"{metricName} (unweighted)");
        UseIntegerStepTicks(plot);
        plot.Axes.SetLimits(left, right, -MetricMargin, 1 + MetricMargin);
        // Put the legend in the half of the plot away from most points.
        bool mostlyLow = defined.Length == 0 || defined.Average(entry => entry.Metric) < 0.5;
        plot.ShowLegend(mostlyLow ? Alignment.UpperRight : Alignment.LowerRight);
        return plot;
    }

    /// <summary>
    /// Returns x limits that contain <paramref name="steps"/>, span at least
    /// <see cref="MinimumStepRange"/> steps plus a 4% margin, and do not start below step 0.
    /// </summary>
    public static (double Left, double Right) StepLimits(IEnumerable<long> steps)
    {
        long[] all = steps.ToArray();
        double first = all.Length == 0 ? 0 : all.Min();
        double last = all.Length == 0 ? 0 : all.Max();
        if (last - first < MinimumStepRange)
        {
            double widening = (MinimumStepRange - (last - first)) / 2;
            first -= widening;
            last += widening;
        }

        double margin = (last - first) * 0.04;
        first -= margin;
        last += margin;
        if (first < 0)
        {
            last -= first;
            first = 0;
        }

        return (first, last);
    }

    /// <summary>Returns the top of the loss axis: 5% above the largest loss, or 1 when there is no positive loss.</summary>
    public static double LossTop(IEnumerable<double> losses)
    {
        double max = losses.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return max > 0 ? max * 1.05 : 1;
    }

    private static void UseIntegerStepTicks(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };

    private static void AddNote(Plot plot, string text, double x, double y)
    {
        var note = plot.Add.Text(text, x, y);
        note.LabelFontSize = 16;
        note.LabelAlignment = Alignment.MiddleCenter;
    }
}
