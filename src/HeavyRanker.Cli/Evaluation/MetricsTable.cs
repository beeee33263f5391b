using System.Globalization;
using HeavyRanker.Runtime.Metrics;
using Spectre.Console;

namespace HeavyRanker.Cli.Evaluation;

/// <summary>Renders a metrics report as a Spectre table: one row per metric, one column per task and weighting.</summary>
internal static class MetricsTable
{
    public static Table Create(MetricsReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric");
        foreach (TaskMetrics task in report.Tasks)
        {
            table.AddColumn(new TableColumn(Markup.Escape(task.Task)).RightAligned());
            table.AddColumn(new TableColumn(Markup.Escape(task.Task) + " (weighted)").RightAligned());
        }

        AddRow(table, report, "samples", values => values.Samples.ToString("N0", CultureInfo.InvariantCulture));
        AddRow(table, report, "total weight", values => Format(values.TotalWeight, "F1"));
        AddRow(table, report, "CTR", values => Format(values.Ctr));
        AddRow(table, report, "predicted CTR", values => Format(values.PredictedCtr));
        AddRow(table, report, "prediction std", values => Format(values.PredictionStd));
        AddRow(table, report, "accuracy @0.5", values => Format(values.Accuracy));
        AddRow(table, report, "precision @0.5", values => Format(values.Precision));
        AddRow(table, report, "recall @0.5", values => Format(values.Recall));
        AddRow(table, report, "ROC-AUC (200 thresholds)", values => Format(values.RocAuc));
        AddRow(table, report, "PR-AUC (200 thresholds)", values => Format(values.PrAuc));
        AddRow(table, report, "ROC-AUC (exact)", values => Format(values.ExactRocAuc));
        AddRow(table, report, "average precision", values => Format(values.AveragePrecision));
        AddRow(table, report, "RCE", values => Format(values.Rce, "F2"));
        AddRow(table, report, "NRCE", values => Format(values.Nrce, "F2"));
        return table;
    }

    private static void AddRow(Table table, MetricsReport report, string name, Func<MetricValues, string> format)
    {
        var cells = new List<string> { name };
        foreach (TaskMetrics task in report.Tasks)
        {
            cells.Add(format(task.Unweighted));
            cells.Add(format(task.Weighted));
        }

        table.AddRow(cells.Select(Markup.Escape).ToArray());
    }

    private static string Format(double value, string format = "F4") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
