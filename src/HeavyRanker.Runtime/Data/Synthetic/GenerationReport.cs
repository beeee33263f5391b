using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeavyRanker.Runtime.Data.Synthetic;

/// <summary>What a perfect model scores on one task of a generated file.</summary>
/// <param name="Task">Task name, <c>open</c> or <c>engage</c>.</param>
/// <param name="LabelColumn">Column holding the task's label.</param>
/// <param name="PositiveRate">Fraction of rows whose label is 1.</param>
/// <param name="MeanProbability">Mean true probability of label 1.</param>
/// <param name="OptimumRocAuc">ROC-AUC of the true probabilities against the drawn labels.</param>
/// <param name="OptimumWeightedRocAuc">The same with record weights.</param>
/// <param name="OptimumRce">Relative cross entropy of the true probabilities.</param>
/// <param name="OptimumWeightedRce">The same with record weights.</param>
public sealed record TaskOptimum(
    string Task,
    string LabelColumn,
    double PositiveRate,
    double MeanProbability,
    double OptimumRocAuc,
    double OptimumWeightedRocAuc,
    double OptimumRce,
    double OptimumWeightedRce);

/// <summary>The summary of one generated file, also written beside it as <c>&lt;file&gt;.truth.json</c>.</summary>
/// <param name="Path">The data file.</param>
/// <param name="Format">Its format.</param>
/// <param name="Rows">Number of rows written.</param>
/// <param name="Seed">Generator seed.</param>
/// <param name="DislikeRate">Fraction of rows with <c>label.ntabDislike</c> = 1.</param>
/// <param name="Tasks">The optimum per task: open (label), then engage (label.engagement, scored with the joint probability).</param>
/// <param name="AucMethod">How ROC-AUC was computed.</param>
public sealed record GenerationReport(
    string Path,
    DataFormat Format,
    long Rows,
    ulong Seed,
    double DislikeRate,
    IReadOnlyList<TaskOptimum> Tasks,
    string AucMethod)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Path of the sidecar file for a data file.</summary>
    public static string TruthPathFor(string dataPath) => dataPath + ".truth.json";

    /// <summary>Formats the report as indented JSON with snake_case names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static GenerationReport FromJson(string json) =>
        JsonSerializer.Deserialize<GenerationReport>(json, JsonOptions) ?? throw new JsonException("The truth file is empty.");
}
