using System.Globalization;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Metrics;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using HeavyRanker.Training.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training;

/// <summary>
/// Trains any <see cref="ClemNetNetwork"/> with the settings of its spec: seeded shuffling,
/// mini-batches, SGD (or Adam), an evaluation every <c>EvaluationInterval</c> steps and at the
/// end of each epoch, early stopping on the first task's unweighted PR-AUC (or ROC-AUC) with
/// patience and tolerance, and the best and last checkpoints in a folder.
/// </summary>
/// <remarks>
/// <para>A final batch of one record would make batch normalisation's variance zero, so it is
/// merged into the batch before it: with 2·B + 1 records and batch size B the epoch has two
/// batches, of B and B + 1 records.</para>
/// <para>Resuming from <c>last.safetensors</c> restores every tensor (weights and batch-norm and
/// SparseMaxNorm statistics), the step, the epoch and the position in it, the best metric and
/// its step, and the count of evaluations without improvement. The shuffle of epoch e is drawn
/// from seed + e, so a resumed run gets the same order. Adam's moment estimates are not saved,
/// so a resumed Adam run restarts them; SGD has no state.</para>
/// <para>With <see cref="TrainerOptions.RecalibrateBatchNormBatches"/> above 0, the best
/// checkpoint's batch-norm statistics are recalibrated on training batches after training and
/// <c>best.safetensors</c> is written again with them. The best metric stays the one measured
/// before the recalibration, because it chose the checkpoint.</para>
/// </remarks>
public sealed class Trainer
{
    /// <summary>File name of the best checkpoint.</summary>
    public const string BestCheckpointFile = "best.safetensors";

    /// <summary>File name of the checkpoint written at every evaluation.</summary>
    public const string LastCheckpointFile = "last.safetensors";

    private const string EpochKey = "trainer.epoch";
    private const string EpochBatchKey = "trainer.epoch_batch";
    private const string BestMetricKey = "trainer.best_metric";
    private const string BestStepKey = "trainer.best_step";
    private const string StaleEvaluationsKey = "trainer.evaluations_without_improvement";
    private const string OptimizerKey = "trainer.optimizer";
    private const string RecalibrationBatchesKey = "trainer.batch_norm_recalibration_batches";

    // A moving average with momentum m has a time constant of 1 / (1 − m) steps. Before 3 time
    // constants have passed, its initial value keeps a weight above e^−3 ≈ 5%.
    private const double SettlingTimeConstants = 3;

    private readonly ClemNetNetwork _network;
    private readonly TrainerOptions _options;
    private readonly ILogger _logger;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly TrainingDefinition _settings;

    /// <summary>Creates a trainer for <paramref name="network"/>.</summary>
    public Trainer(ClemNetNetwork network, TrainerOptions options, ILogger<Trainer>? logger = null, IProgress<TrainingProgress>? progress = null)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _progress = progress;
        _settings = network.Definition.Training;
        if (_settings.BatchSize < 2)
        {
            throw new ArgumentException($"Batch size {_settings.BatchSize} is too small: batch normalisation needs at least 2 records per batch.", nameof(network));
        }

        if (options.RecalibrateBatchNormBatches < 0)
        {
            throw new ArgumentException($"RecalibrateBatchNormBatches is {options.RecalibrateBatchNormBatches}, but it must be 0 (off) or a positive number of batches.", nameof(options));
        }
    }

    /// <summary>The optimizer this run uses.</summary>
    public OptimizerKind Optimizer => _options.Optimizer ?? ParseOptimizer(_settings.Optimizer);

    /// <summary>
    /// Trains on <paramref name="training"/> and evaluates on <paramref name="validation"/>. On
    /// return the network contains the best checkpoint's tensors and is in evaluation mode.
    /// </summary>
    public TrainingResult Train(ITrainingData training, ITrainingData validation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        TorchRuntime.EnsureLoaded();
        CheckData(training, nameof(training));
        CheckData(validation, nameof(validation));
        Directory.CreateDirectory(_options.CheckpointDirectory);

        var state = new RunState();
        string lastPath = Path.Combine(_options.CheckpointDirectory, LastCheckpointFile);
        string bestPath = Path.Combine(_options.CheckpointDirectory, BestCheckpointFile);
        if (_options.Resume && File.Exists(lastPath))
        {
            state = RestoreState(lastPath);

            // A checkpoint written at an epoch's end was already evaluated, so start the next epoch.
            if (state.EpochBatch >= SplitIntoBatches(training.Count, _settings.BatchSize).Count)
            {
                state.Epoch++;
                state.EpochBatch = 0;
            }
        }

        if (_options.MaxSteps is long limit && state.Step >= limit)
        {
            _logger.LogInformation("Step {Step} already reaches the step limit {Limit}; nothing to train.", state.Step, limit);
            if (state.BestStepOrNull is null)
            {
                KeepLastAsBest(state, lastPath, bestPath);
            }

            LoadBestAndRecalibrate(training, validation, bestPath, state.BestStep);
            return new TrainingResult(state.Step, state.BestMetric, state.BestStep, false, File.Exists(bestPath) ? bestPath : null);
        }

        using var optimizers = new Optimizers(_network, Optimizer, _settings.LearningRate);
        using var batch = new BatchBuffers(_network.Definition, training.TaskCount, _settings.BatchSize + 1);
        _logger.LogInformation(
            "Training {Model} from step {Step}: {Records} training and {ValidationRecords} validation records, batch size {BatchSize}, {Optimizer} at learning rate {LearningRate}.",
            _network.Definition.Name, state.Step, training.Count, validation.Count, _settings.BatchSize, Optimizer, _settings.LearningRate);

        bool stop = false;
        double loss = double.NaN;
        for (int epoch = state.Epoch; epoch < _settings.Epochs && !stop; epoch++)
        {
            List<(int Start, int Length)> batches = SplitIntoBatches(training.Count, _settings.BatchSize);
            int[] order = Shuffle(training.Count, _settings.Seed + epoch);
            int firstBatch = epoch == state.Epoch ? state.EpochBatch : 0;
            bool evaluatedAtLastStep = false;
            _network.train();

            for (int index = firstBatch; index < batches.Count && !stop; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (int start, int length) = batches[index];
                loss = Step(training, order.AsSpan(start, length), batch, optimizers);
                state.Step++;
                state.Epoch = epoch;
                state.EpochBatch = index + 1;
                evaluatedAtLastStep = false;
                _progress?.Report(new TrainingProgress(state.Step, epoch, loss, state.LastMetric, state.BestStepOrNull is null ? null : state.BestMetric));

                if (_settings.EvaluationInterval > 0 && state.Step % _settings.EvaluationInterval == 0)
                {
                    stop = EvaluateAndCheckpoint(validation, state, loss, lastPath, bestPath);
                    evaluatedAtLastStep = true;
                }

                if (_options.MaxSteps is long maxSteps && state.Step >= maxSteps)
                {
                    stop = true;
                }
            }

            if (!evaluatedAtLastStep && state.EpochBatch == batches.Count)
            {
                stop |= EvaluateAndCheckpoint(validation, state, loss, lastPath, bestPath);
            }
            else if (!evaluatedAtLastStep && stop)
            {
                EvaluateAndCheckpoint(validation, state, loss, lastPath, bestPath);
            }

            if (state.EpochBatch == batches.Count)
            {
                state.Epoch = epoch + 1;
                state.EpochBatch = 0;
            }
        }

        if (state.BestStepOrNull is null)
        {
            KeepLastAsBest(state, lastPath, bestPath);
        }

        LoadBestAndRecalibrate(training, validation, bestPath, state.BestStep);
        if (state.BestStepOrNull is null)
        {
            _logger.LogInformation(
                "Training {Model} finished at step {Step} without a defined {Metric}; the result is the last checkpoint.",
                _network.Definition.Name, state.Step, _settings.EarlyStoppingMetric);
        }
        else
        {
            _logger.LogInformation(
                "Training {Model} finished at step {Step}; best {Metric} {BestMetric:F5} at step {BestStep}{Early}.",
                _network.Definition.Name, state.Step, _settings.EarlyStoppingMetric, state.BestMetric, state.BestStep, state.StoppedEarly ? " (stopped early)" : string.Empty);
        }
        return new TrainingResult(state.Step, state.BestMetric, state.BestStep, state.StoppedEarly, File.Exists(bestPath) ? bestPath : null);
    }

    /// <summary>Scores <paramref name="data"/> in evaluation mode and returns the first task's early-stopping metric.</summary>
    /// <remarks>The metric is NaN, for example, when the first task's labels (after the dislike flip) lack positives or negatives.</remarks>
    public double Evaluate(ITrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return EvaluateFirstTask(data).Metric;
    }

    /// <summary>
    /// Splits <paramref name="count"/> records into batches of <paramref name="batchSize"/>,
    /// merging a final batch of one record into the batch before it.
    /// </summary>
    public static List<(int Start, int Length)> SplitIntoBatches(int count, int batchSize)
    {
        var batches = new List<(int Start, int Length)>();
        for (int start = 0; start < count; start += batchSize)
        {
            batches.Add((start, Math.Min(batchSize, count - start)));
        }

        if (batches.Count > 1 && batches[^1].Length == 1)
        {
            (int start, int length) = batches[^2];
            batches[^2] = (start, length + 1);
            batches.RemoveAt(batches.Count - 1);
        }

        return batches;
    }

    /// <summary>
    /// Copies <c>last.safetensors</c> to <c>best.safetensors</c> when no evaluation produced a
    /// metric, so the run's result is its last checkpoint, and logs that.
    /// </summary>
    private void KeepLastAsBest(RunState state, string lastPath, string bestPath)
    {
        if (!File.Exists(lastPath))
        {
            return;
        }

        File.Copy(lastPath, bestPath, overwrite: true);
        state.BestStep = state.Step;
        _logger.LogWarning(
            "No evaluation produced a defined validation {Metric}, so the result is the last checkpoint (step {Step}) rather than a best one; it was copied to {BestPath}.",
            _settings.EarlyStoppingMetric, state.Step, bestPath);
    }

    /// <summary>
    /// Loads the best checkpoint when there is one, then recalibrates its batch-norm statistics
    /// and saves it again when the options ask for it, or warns when a short run left them close
    /// to their initial values. Leaves the network in evaluation mode.
    /// </summary>
    private void LoadBestAndRecalibrate(ITrainingData training, ITrainingData validation, string bestPath, long bestStep)
    {
        IReadOnlyDictionary<string, string>? bestMetadata = File.Exists(bestPath) ? _network.Load(bestPath) : null;
        _network.eval();
        if (_options.RecalibrateBatchNormBatches == 0)
        {
            WarnIfMovingStatisticsAreYoung(bestStep);
            return;
        }

        double metricBefore = Evaluate(validation);
        (int batches, int records) = RecalibrateBatchNorm(training);
        double metricAfter = Evaluate(validation);
        if (bestMetadata is not null)
        {
            var metadata = new Dictionary<string, string>(bestMetadata)
            {
                [RecalibrationBatchesKey] = batches.ToString(CultureInfo.InvariantCulture),
            };
            _network.Save(bestPath, CheckpointMetadata.GetStep(bestMetadata), metadata);
        }

        _logger.LogInformation(
            "Recalibrated the statistics of {Layers} batch-norm layers over {Batches} training batches ({Records} records) at step {Step}: validation {MetricName} {Before:F5} before, {After:F5} after.{Saved}",
            _network.BatchNormLayers().Count, batches, records, bestStep, _settings.EarlyStoppingMetric, metricBefore, metricAfter,
            bestMetadata is null ? string.Empty : " Rewrote " + bestPath + " with the new statistics.");
    }

    /// <summary>Runs the first <see cref="TrainerOptions.RecalibrateBatchNormBatches"/> batches of the first epoch's order through the recalibration and returns the batch and record counts.</summary>
    private (int Batches, int Records) RecalibrateBatchNorm(ITrainingData training)
    {
        List<(int Start, int Length)> batches = SplitIntoBatches(training.Count, _settings.BatchSize);
        int[] order = Shuffle(training.Count, _settings.Seed);
        int count = Math.Min(_options.RecalibrateBatchNormBatches, batches.Count);
        if (count < _options.RecalibrateBatchNormBatches)
        {
            _logger.LogInformation(
                "The training data has {Available} batches, fewer than the {Requested} requested for batch-norm recalibration, so all of them are used.",
                batches.Count, _options.RecalibrateBatchNormBatches);
        }

        int records = batches.Take(count).Sum(batch => batch.Length);
        using var buffers = new BatchBuffers(_network.Definition, training.TaskCount, _settings.BatchSize + 1);
        int done = _network.RecalibrateBatchNorm(Inputs());
        return (done, records);

        IEnumerable<NetworkInput> Inputs()
        {
            for (int index = 0; index < count; index++)
            {
                (int start, int length) = batches[index];
                buffers.Fill(training, order.AsSpan(start, length));
                using NetworkInput input = NetworkInput.FromBatch(buffers.Features);
                yield return input;
            }
        }
    }

    /// <summary>Warns when the moving statistics of the checkpoint at <paramref name="step"/> still give a large weight to their initial values.</summary>
    private void WarnIfMovingStatisticsAreYoung(long step)
    {
        IReadOnlyList<IBatchStatisticsRecalibration> layers = _network.BatchNormLayers();
        if (layers.Count == 0)
        {
            return;
        }

        double momentum = layers.Max(layer => layer.Momentum);
        if (momentum >= 1 || step >= SettlingTimeConstants / (1 - momentum))
        {
            return;
        }

        _logger.LogWarning(
            "After {Step} steps with batch-norm momentum {Momentum}, the moving mean and variance that inference uses still give weight {InitialWeight:F2} to their initial values (mean 0, variance 1), so predicted probabilities can be far from calibrated. Train for at least {Steps:N0} steps, or recalibrate the statistics on training batches (TrainerOptions.RecalibrateBatchNormBatches; train --recalibrate-batch-norm N).",
            step, momentum, Math.Pow(momentum, step), Math.Ceiling(SettlingTimeConstants / (1 - momentum)));
    }

    private double Step(ITrainingData training, ReadOnlySpan<int> indices, BatchBuffers batch, Optimizers optimizers)
    {
        batch.Fill(training, indices);
        using var scope = NewDisposeScope();
        using NetworkInput input = NetworkInput.FromBatch(batch.Features);
        Tensor labels = tensor(batch.Labels.AsSpan(0, indices.Length * batch.TaskCount).ToArray(), new long[] { indices.Length, batch.TaskCount });
        Tensor dislikes = tensor(batch.Dislikes.AsSpan(0, indices.Length).ToArray());

        Tensor logits = _network.forward(input);
        Tensor loss = ClemNetLoss.Compute(logits, labels, dislikes);
        optimizers.ZeroGrad();
        loss.backward();
        optimizers.Step();
        return loss.item<float>();
    }

    private bool EvaluateAndCheckpoint(ITrainingData validation, RunState state, double loss, string lastPath, string bestPath)
    {
        // NOTE: evaluation normalises with the moving statistics, so in a run much shorter than
        // 1 / (1 − momentum) steps the metric that picks the best checkpoint comes from nearly
        // initial statistics. Batch-norm recalibration runs only after training.
        (double metric, int positives, int negatives) = EvaluateFirstTask(validation);
        _network.train();
        state.LastMetric = metric;

        // An undefined metric carries no information about progress, so it neither uses up
        // patience nor becomes the best checkpoint.
        if (double.IsNaN(metric))
        {
            WarnUndefinedMetric(state, positives, negatives);
        }
        else if (state.BestStepOrNull is null || metric > state.BestMetric + _settings.Tolerance)
        {
            state.BestMetric = metric;
            state.BestStep = state.Step;
            state.BestStepOrNull = state.Step;
            state.StaleEvaluations = 0;
            _network.Save(bestPath, state.Step, state.ToMetadata(Optimizer));
        }
        else
        {
            state.StaleEvaluations++;
        }

        _network.Save(lastPath, state.Step, state.ToMetadata(Optimizer));
        if (state.BestStepOrNull is null)
        {
            _logger.LogInformation(
                "Step {Step}: loss {Loss:F5}, {MetricName} {Metric:F5}, no best checkpoint yet.",
                state.Step, loss, _settings.EarlyStoppingMetric, metric);
        }
        else
        {
            _logger.LogInformation(
                "Step {Step}: loss {Loss:F5}, {MetricName} {Metric:F5}, best {BestMetric:F5} at step {BestStep}.",
                state.Step, loss, _settings.EarlyStoppingMetric, metric, state.BestMetric, state.BestStep);
        }
        _progress?.Report(new TrainingProgress(state.Step, state.Epoch, loss, metric, state.BestStepOrNull is null ? null : state.BestMetric));

        if (state.StaleEvaluations > _settings.Patience)
        {
            state.StoppedEarly = true;
            _logger.LogInformation("Stopping early at step {Step}: {Count} evaluations without an improvement above {Tolerance}.", state.Step, state.StaleEvaluations, _settings.Tolerance);
            return true;
        }

        return false;
    }

    /// <summary>Computes the early-stopping metric and counts the first task's positive and negative labels.</summary>
    private (double Metric, int Positives, int Negatives) EvaluateFirstTask(ITrainingData data)
    {
        (float[] predictions, float[] labels) = PredictFirstTask(data);

        // The 200-threshold AUCs of tf.metrics.auc, as the reference's early stopping uses;
        // they need no stored predictions.
        var accumulator = new TaskMetricsAccumulator(_network.Definition.Tasks[0].Name, keepPredictions: false);
        accumulator.Add(labels, predictions);
        MetricValues metrics = accumulator.Compute().Unweighted;
        double metric = _settings.EarlyStoppingMetric == "roc_auc" ? metrics.RocAuc : metrics.PrAuc;
        return (metric, labels.Count(label => label > 0), labels.Count(label => label < 1));
    }

    /// <summary>Logs, once per run, why an evaluation produced no metric and what to change.</summary>
    private void WarnUndefinedMetric(RunState state, int positives, int negatives)
    {
        if (state.WarnedUndefinedMetric)
        {
            return;
        }

        state.WarnedUndefinedMetric = true;
        string task = _network.Definition.Tasks[0].Name;
        if (positives == 0 || negatives == 0)
        {
            _logger.LogWarning(
                "The validation {Metric} of task '{Task}' is undefined (NaN) because its {Records} validation labels have {Positives} positives and {Negatives} negatives, and the metric needs both. Such evaluations do not count against patience and cannot become the best checkpoint, so early stopping is off. Pass validation data with both labels (train --valid PATH), or hold out more records (a larger --validation-fraction).",
                _settings.EarlyStoppingMetric, task, positives + negatives, positives, negatives);
            return;
        }

        _logger.LogWarning(
            "The validation {Metric} of task '{Task}' is undefined (NaN) although the validation labels have {Positives} positives and {Negatives} negatives, so the predictions are probably not finite (a diverged run; try a lower learning rate). Such evaluations do not count against patience and cannot become the best checkpoint.",
            _settings.EarlyStoppingMetric, task, positives, negatives);
    }

    private (float[] Predictions, float[] Labels) PredictFirstTask(ITrainingData data)
    {
        _network.eval();
        int taskCount = data.TaskCount;
        int batchSize = Math.Max(_options.EvaluationBatchSize, 1);
        var predictions = new float[data.Count];
        var labels = new float[data.Count];
        using var buffers = new BatchBuffers(_network.Definition, taskCount, batchSize);
        int[] indices = new int[batchSize];
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                int length = Math.Min(batchSize, data.Count - start);
                for (int row = 0; row < length; row++)
                {
                    indices[row] = start + row;
                }

                buffers.Fill(data, indices.AsSpan(0, length));
                using var scope = NewDisposeScope();
                using NetworkOutput output = _network.Predict(buffers.Features);
                float[] firstTask = output.Probabilities.select(1, 0).contiguous().data<float>().ToArray();
                for (int row = 0; row < length; row++)
                {
                    predictions[start + row] = firstTask[row];
                    bool disliked = buffers.Dislikes[row] > 0.5f;
                    labels[start + row] = disliked ? 0 : buffers.Labels[row * taskCount];
                }
            }
        }

        return (predictions, labels);
    }

    private RunState RestoreState(string lastPath)
    {
        IReadOnlyDictionary<string, string> metadata = _network.Load(lastPath);
        var state = new RunState
        {
            Step = CheckpointMetadata.GetStep(metadata),
            Epoch = int.Parse(metadata[EpochKey], CultureInfo.InvariantCulture),
            EpochBatch = int.Parse(metadata[EpochBatchKey], CultureInfo.InvariantCulture),
            BestMetric = double.Parse(metadata[BestMetricKey], CultureInfo.InvariantCulture),
            BestStep = long.Parse(metadata[BestStepKey], CultureInfo.InvariantCulture),
            StaleEvaluations = int.Parse(metadata[StaleEvaluationsKey], CultureInfo.InvariantCulture),
        };
        // A NaN best metric means that no evaluation before the checkpoint produced a metric.
        state.BestStepOrNull = double.IsNaN(state.BestMetric) ? null : state.BestStep;
        if (metadata.TryGetValue(OptimizerKey, out string? optimizer) && optimizer != Optimizer.ToString())
        {
            _logger.LogWarning("The checkpoint {Path} was trained with {Saved}, but this run uses {Current}.", lastPath, optimizer, Optimizer);
        }

        _logger.LogInformation("Resuming from {Path} at step {Step} (epoch {Epoch}, batch {Batch}).", lastPath, state.Step, state.Epoch, state.EpochBatch);
        return state;
    }

    private static int[] Shuffle(int count, int seed)
    {
        int[] order = new int[count];
        for (int index = 0; index < count; index++)
        {
            order[index] = index;
        }

        new Random(seed).Shuffle(order);
        return order;
    }

    private void CheckData(ITrainingData data, string name)
    {
        if (data.TaskCount != _network.TaskCount)
        {
            throw new ArgumentException($"The data has {data.TaskCount} tasks but model '{_network.Definition.Name}' has {_network.TaskCount}.", name);
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("The data has no records.", name);
        }
    }

    private static OptimizerKind ParseOptimizer(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "adam" => OptimizerKind.Adam,
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; expected sgd or adam.", nameof(name)),
    };

    /// <summary>Counters of a run that a checkpoint carries so the run can resume.</summary>
    private sealed class RunState
    {
        public long Step;
        public int Epoch;
        public int EpochBatch;
        public double BestMetric = double.NaN;
        public long BestStep;
        public long? BestStepOrNull;
        public int StaleEvaluations;
        public double? LastMetric;
        public bool StoppedEarly;
        public bool WarnedUndefinedMetric;

        public Dictionary<string, string> ToMetadata(OptimizerKind optimizer) => new()
        {
            [EpochKey] = Epoch.ToString(CultureInfo.InvariantCulture),
            [EpochBatchKey] = EpochBatch.ToString(CultureInfo.InvariantCulture),
            [BestMetricKey] = BestMetric.ToString("R", CultureInfo.InvariantCulture),
            [BestStepKey] = BestStep.ToString(CultureInfo.InvariantCulture),
            [StaleEvaluationsKey] = StaleEvaluations.ToString(CultureInfo.InvariantCulture),
            [OptimizerKey] = optimizer.ToString(),
        };
    }

    /// <summary>Reused host buffers of one mini-batch.</summary>
    private sealed class BatchBuffers : IDisposable
    {
        public BatchBuffers(IModelDefinition definition, int taskCount, int capacity)
        {
            TaskCount = taskCount;
            Features = FeatureBatch.For(definition, capacity);
            Labels = new float[capacity * taskCount];
            Dislikes = new float[capacity];
        }

        public int TaskCount { get; }

        public FeatureBatch Features { get; }

        public float[] Labels { get; private set; }

        public float[] Dislikes { get; private set; }

        public void Fill(ITrainingData data, ReadOnlySpan<int> indices)
        {
            if (Dislikes.Length < indices.Length)
            {
                Labels = new float[indices.Length * TaskCount];
                Dislikes = new float[indices.Length];
            }

            data.Fill(indices, Features, Labels, Dislikes);
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The optimizer of the dense parameters and, for Adam, the SGD of the sparse tables.</summary>
    private sealed class Optimizers : IDisposable
    {
        private readonly optim.Optimizer _dense;
        private readonly optim.Optimizer? _sparse;

        public Optimizers(ClemNetNetwork network, OptimizerKind kind, double learningRate)
        {
            if (kind == OptimizerKind.Sgd)
            {
                _dense = optim.SGD(network.parameters(), learningRate);
                return;
            }

            // The FullSparse tables are the parameters with sparse gradients.
            var sparseNames = new HashSet<string>(StringComparer.Ordinal)
            {
                ClemNetLayout.SparseNotContinuous + ".weight",
                ClemNetLayout.SparseContinuous + ".weight",
            };
            var dense = new List<Parameter>();
            var sparse = new List<Parameter>();
            foreach ((string name, Parameter parameter) in network.named_parameters())
            {
                (sparseNames.Contains(name) ? sparse : dense).Add(parameter);
            }

            _dense = optim.Adam(dense, learningRate);
            _sparse = sparse.Count > 0 ? optim.SGD(sparse, learningRate) : null;
        }

        public void ZeroGrad()
        {
            _dense.zero_grad();
            _sparse?.zero_grad();
        }

        public void Step()
        {
            _dense.step();
            _sparse?.step();
        }

        public void Dispose()
        {
            _dense.Dispose();
            _sparse?.Dispose();
        }
    }
}
