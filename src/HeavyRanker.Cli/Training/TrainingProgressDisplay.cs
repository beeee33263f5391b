using System.Diagnostics;
using System.Globalization;
using HeavyRanker.Training;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace HeavyRanker.Cli.Training;

/// <summary>
/// Receives the trainer's progress reports: records the loss of every step and the metric of
/// every evaluation for <c>training-log.json</c>, and shows progress with examples/s and ETA,
/// as a live bar on a terminal or as a log line every 10% when the output is redirected.
/// </summary>
/// <remarks>
/// The trainer reports twice for a step that ends with an evaluation: first the step, then the
/// evaluation with the new metric. A report for the step already seen is therefore an evaluation.
/// Reports arrive synchronously on the training thread.
/// </remarks>
internal sealed class TrainingProgressDisplay(long totalSteps, int batchSize, string metricName, ILogger logger) : IProgress<TrainingProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<StepEntry> _steps = [];
    private readonly List<EvaluationEntry> _evaluations = [];
    private long _firstStep = -1;
    private long _lastStep = -1;
    private int _nextLoggedDecile = 1;

    /// <summary>The Spectre task to update, or null when progress goes to the log.</summary>
    public ProgressTask? Bar { get; set; }

    public IReadOnlyList<StepEntry> Steps => _steps;

    public IReadOnlyList<EvaluationEntry> Evaluations => _evaluations;

    public void Report(TrainingProgress value)
    {
        if (value.Step == _lastStep)
        {
            _evaluations.Add(new EvaluationEntry(value.Step, value.Loss, value.Metric ?? double.NaN));
            return;
        }

        if (_firstStep < 0)
        {
            _firstStep = value.Step - 1;
        }

        _lastStep = value.Step;
        _steps.Add(new StepEntry(value.Step, value.Epoch, value.Loss));
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        double stepsPerSecond = (value.Step - _firstStep) / seconds;
        double examplesPerSecond = stepsPerSecond * batchSize;
        string metric = value.BestMetric is double best ? $", best {metricName} {best.ToString("F4", CultureInfo.InvariantCulture)}" : string.Empty;
        string summary = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {value.Epoch + 1}, loss {value.Loss:F4}{metric}, {examplesPerSecond:N0} examples/s");

        if (Bar is not null)
        {
            Bar.Description = Markup.Escape(summary);
            Bar.Value = Math.Min(value.Step, totalSteps);
            return;
        }

        if (value.Step * 10 >= totalSteps * _nextLoggedDecile)
        {
            _nextLoggedDecile = (int)Math.Min(10, (value.Step * 10 / Math.Max(totalSteps, 1)) + 1);
            TimeSpan eta = stepsPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, totalSteps - value.Step) / stepsPerSecond) : TimeSpan.Zero;
            logger.LogInformation(
                "Step {Step}/{TotalSteps} ({Percent:F0}%): {Summary}, ETA {Eta:hh\\:mm\\:ss}.",
                value.Step, totalSteps, 100.0 * value.Step / totalSteps, summary, eta);
        }
    }
}
