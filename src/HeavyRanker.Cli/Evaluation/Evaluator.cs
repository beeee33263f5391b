using HeavyRanker.Cli.Scoring;
using HeavyRanker.Runtime.Metrics;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Cli.Evaluation;

/// <summary>The labels, predictions and weights of one task over an evaluated data set.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Labels">0/1 labels after the dislike flip.</param>
/// <param name="Predictions">The task's joint probability per record.</param>
/// <param name="Weights">Record weights (1 when the spec has no weight column).</param>
internal sealed record TaskPredictions(string Task, float[] Labels, float[] Predictions, float[] Weights);

/// <summary>Metrics of every task plus the predictions behind them, for plots.</summary>
internal sealed record EvaluationResult(MetricsReport Metrics, IReadOnlyList<TaskPredictions> Tasks, long RecordCount);

/// <summary>Scores labelled records and computes the metrics of every task.</summary>
internal static class Evaluator
{
    /// <summary>Records scored per call of the scorer.</summary>
    public const int BatchSize = 4096;

    /// <summary>
    /// Scores <paramref name="records"/> and computes each task's metrics, weighted and unweighted.
    /// A disliked record counts as negative for every task; later tasks are scored with the joint
    /// probability, as serving ranks by it.
    /// </summary>
    public static EvaluationResult Evaluate<TRecord>(IEnumerable<TRecord> records, IRankerModel<TRecord> model, IRecordScorer<TRecord> scorer)
    {
        IReadOnlyList<TaskDefinition> tasks = model.Definition.Tasks;
        int taskCount = tasks.Count;
        var accumulators = tasks.Select(task => new TaskMetricsAccumulator(task.Name)).ToArray();
        var labels = tasks.Select(_ => new List<float>()).ToArray();
        var predictions = tasks.Select(_ => new List<float>()).ToArray();
        var weights = new List<float>();

        var batch = new TRecord[BatchSize];
        var probabilities = new float[BatchSize * taskCount];
        var scores = new float[BatchSize];
        var rawLabels = new float[BatchSize * taskCount];
        var dislikes = new float[BatchSize];
        var batchWeights = new float[BatchSize];
        int count = 0;
        long total = 0;

        void Flush()
        {
            ReadOnlySpan<TRecord> span = batch.AsSpan(0, count);
            scorer.Score(span, probabilities, scores);
            model.LabelExtractor.ExtractLabels(span, rawLabels, dislikes, batchWeights);
            for (int row = 0; row < count; row++)
            {
                bool disliked = dislikes[row] > 0.5f;
                weights.Add(batchWeights[row]);
                for (int task = 0; task < taskCount; task++)
                {
                    float label = disliked ? 0f : rawLabels[(row * taskCount) + task];
                    float prediction = Math.Clamp(probabilities[(row * taskCount) + task], 0f, 1f);
                    accumulators[task].Add(label, prediction, batchWeights[row]);
                    labels[task].Add(label);
                    predictions[task].Add(prediction);
                }
            }

            total += count;
            count = 0;
        }

        foreach (TRecord record in records)
        {
            batch[count++] = record;
            if (count == BatchSize)
            {
                Flush();
            }
        }

        if (count > 0)
        {
            Flush();
        }

        float[] weightArray = weights.ToArray();
        var perTask = tasks.Select((task, index) => new TaskPredictions(task.Name, labels[index].ToArray(), predictions[index].ToArray(), weightArray)).ToList();
        return new EvaluationResult(MetricsReport.From(accumulators), perTask, total);
    }
}
