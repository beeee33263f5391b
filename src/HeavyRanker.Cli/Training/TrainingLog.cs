using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeavyRanker.Cli.Training;

/// <summary>One optimizer step: its loss on the training batch.</summary>
internal sealed record StepEntry(long Step, int Epoch, double Loss);

/// <summary>One evaluation on the validation data.</summary>
/// <param name="Step">Step after which it ran.</param>
/// <param name="Loss">Loss of that step's training batch.</param>
/// <param name="Metric">The early-stopping metric of the first task, unweighted.</param>
internal sealed record EvaluationEntry(long Step, double Loss, double Metric);

/// <summary>The effective training settings of a run, after command-line overrides.</summary>
internal sealed record TrainingSettings(
    string Optimizer,
    double LearningRate,
    int BatchSize,
    int Epochs,
    int EvaluationInterval,
    string EarlyStoppingMetric,
    int Patience,
    double Tolerance,
    int Seed);

/// <summary>The content of <c>training-log.json</c>.</summary>
internal sealed record TrainingLog
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public required string Model { get; init; }

    public required string SpecHash { get; init; }

    public required TrainingSettings Settings { get; init; }

    public required long TrainingRecords { get; init; }

    public required long ValidationRecords { get; init; }

    /// <summary>Where the validation records came from: a file, or the held-out tail of the training data.</summary>
    public required string ValidationSource { get; init; }

    public string? WarmStartFrom { get; init; }

    public required long Steps { get; init; }

    public required long BestStep { get; init; }

    public required double BestMetric { get; init; }

    public required bool StoppedEarly { get; init; }

    public required double TrainingSeconds { get; init; }

    public required IReadOnlyList<StepEntry> StepLosses { get; init; }

    public required IReadOnlyList<EvaluationEntry> Evaluations { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static TrainingLog? TryLoad(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<TrainingLog>(File.ReadAllText(path), JsonOptions) : null;
}
