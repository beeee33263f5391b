using System.Text.Json;

namespace HeavyRanker.Runtime.Metrics;

/// <summary>Field names and (de)serialisation of <see cref="MetricValues"/> in <c>metrics.json</c>.</summary>
internal static class MetricsJson
{
    public const string Tasks = "tasks";
    public const string Task = "task";
    public const string Weighted = "weighted";
    public const string Unweighted = "unweighted";

    private const string Samples = "samples";
    private const string TotalWeight = "total_weight";
    private const string Ctr = "ctr";
    private const string PredictedCtr = "predicted_ctr";
    private const string PredictionStd = "prediction_std";
    private const string Accuracy = "accuracy";
    private const string Precision = "precision";
    private const string Recall = "recall";
    private const string RocAuc = "roc_auc";
    private const string PrAuc = "pr_auc";
    private const string ExactRocAuc = "exact_roc_auc";
    private const string AveragePrecision = "average_precision";
    private const string Rce = "rce";
    private const string Nrce = "nrce";

    public static void Write(Utf8JsonWriter writer, MetricValues values)
    {
        writer.WriteStartObject();
        writer.WriteNumber(Samples, values.Samples);
        WriteNumber(writer, TotalWeight, values.TotalWeight);
        WriteNumber(writer, Ctr, values.Ctr);
        WriteNumber(writer, PredictedCtr, values.PredictedCtr);
        WriteNumber(writer, PredictionStd, values.PredictionStd);
        WriteNumber(writer, Accuracy, values.Accuracy);
        WriteNumber(writer, Precision, values.Precision);
        WriteNumber(writer, Recall, values.Recall);
        WriteNumber(writer, RocAuc, values.RocAuc);
        WriteNumber(writer, PrAuc, values.PrAuc);
        WriteNumber(writer, ExactRocAuc, values.ExactRocAuc);
        WriteNumber(writer, AveragePrecision, values.AveragePrecision);
        WriteNumber(writer, Rce, values.Rce);
        WriteNumber(writer, Nrce, values.Nrce);
        writer.WriteEndObject();
    }

    public static MetricValues Read(JsonElement task, string weighting, string taskName)
    {
        string where = $"the {weighting} metrics of task '{taskName}'";
        JsonElement values = GetRequired(task, weighting, JsonValueKind.Object, $"task '{taskName}'");
        JsonElement samples = GetRequired(values, Samples, JsonValueKind.Number, where);
        if (!samples.TryGetInt64(out long sampleCount))
        {
            throw new InvalidDataException($"'{Samples}' in {where} is {samples.GetRawText()}, not an integer.");
        }

        return new MetricValues(
            sampleCount,
            ReadNumber(values, TotalWeight, where),
            ReadNumber(values, Ctr, where),
            ReadNumber(values, PredictedCtr, where),
            ReadNumber(values, PredictionStd, where),
            ReadNumber(values, Accuracy, where),
            ReadNumber(values, Precision, where),
            ReadNumber(values, Recall, where),
            ReadNumber(values, RocAuc, where),
            ReadNumber(values, PrAuc, where),
            ReadNumber(values, ExactRocAuc, where),
            ReadNumber(values, AveragePrecision, where),
            ReadNumber(values, Rce, where),
            ReadNumber(values, Nrce, where));
    }

    public static JsonElement GetRequired(JsonElement parent, string name, JsonValueKind kind, string where)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out JsonElement value))
        {
            throw new InvalidDataException($"'{name}' is missing from {where}.");
        }

        if (value.ValueKind != kind)
        {
            throw new InvalidDataException($"'{name}' in {where} is a JSON {value.ValueKind}, expected {kind}.");
        }

        return value;
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            // JSON has no NaN or infinity; null marks an undefined metric.
            writer.WriteNull(name);
        }
    }

    private static double ReadNumber(JsonElement values, string name, string where)
    {
        if (!values.TryGetProperty(name, out JsonElement value))
        {
            throw new InvalidDataException($"'{name}' is missing from {where}.");
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => double.NaN,
            JsonValueKind.Number => value.GetDouble(),
            _ => throw new InvalidDataException($"'{name}' in {where} is a JSON {value.ValueKind}, expected a number or null."),
        };
    }
}
