using System.CommandLine;
using System.Diagnostics;
using HeavyRanker.Cli.Evaluation;
using HeavyRanker.Cli.Reports;
using HeavyRanker.Cli.Scoring;
using HeavyRanker.Cli.Training;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.WarmStart;
using HeavyRanker.Training;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace HeavyRanker.Cli.Commands;

/// <summary>The <c>train</c> command.</summary>
internal static class TrainCommand
{
    private const double DefaultValidationFraction = 0.1;

    public static Command Create<TRecord>(IRankerModel<TRecord> model, RankerCli.Invocation invocation)
    {
        TrainingDefinition spec = model.Definition.Training;
        var data = CliOptions.RequiredPath("--data", "PATH", "Training data: a .csv, .tsv, .jsonl, .ndjson or .parquet file, or a folder of part files.");
        var valid = new Option<string?>("--valid")
        {
            HelpName = "PATH",
            Description = $"Validation data for evaluation rounds, early stopping and metrics.json. Default: the last {DefaultValidationFraction * 100:0}% of --data (see --validation-fraction).",
        };
        var validationFraction = new Option<double>("--validation-fraction")
        {
            HelpName = "FRACTION",
            Description = "Fraction (0 to 1, exclusive) of the training records held out for validation when --valid is not given; the last records of the file are held out.",
            DefaultValueFactory = _ => DefaultValidationFraction,
        };
        validationFraction.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out double value) && !(value > 0 && value < 1))
            {
                result.AddError($"--validation-fraction must be between 0 and 1 (exclusive), but is {value}.");
            }
        });
        var output = CliOptions.RequiredPath("--out", "DIR", "Model folder to create: model.safetensors, spec.json, metrics.json, training-log.json and report/*.png.");
        var epochs = CliOptions.AtLeast("--epochs", "N", $"Passes over the training data. Default: the spec's training.epochs ({spec.Epochs}).", 1);
        var batchSize = CliOptions.AtLeast("--batch-size", "N", $"Records per optimizer step (at least 2, for batch normalisation). Default: the spec's training.batch_size ({spec.BatchSize}).", 2);
        var learningRate = new Option<double?>("--learning-rate")
        {
            HelpName = "RATE",
            Description = $"Step size of the optimizer (a positive number, no unit). Default: the spec's training.learning_rate ({spec.LearningRate}).",
        };
        learningRate.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out double? value) && value is double rate && !(rate > 0 && double.IsFinite(rate)))
            {
                result.AddError($"--learning-rate must be a positive number, but is {rate}.");
            }
        });
        var optimizer = new Option<string?>("--optimizer")
        {
            Description = $"Optimizer: sgd or adam (adam keeps SGD for the sparse embedding tables). Default: the spec's training.optimizer ({spec.Optimizer}).",
        };
        optimizer.AcceptOnlyFromAmong("sgd", "adam");
        var seed = new Option<int?>("--seed")
        {
            HelpName = "N",
            Description = $"Seed of weight initialisation and shuffling (an integer). Default: the spec's training.seed ({spec.Seed}).",
        };
        var skipBadRows = new Option<bool>("--skip-bad-rows")
        {
            Description = "Skip malformed rows (unparsable number, label outside {0, 1}, wrong arity) and report their count, instead of failing at the first.",
        };
        var warmStartFrom = new Option<string?>("--warm-start-from")
        {
            HelpName = "DIR",
            Description = "Model folder of an earlier run whose weights initialise this one; its feature lists may differ and are remapped by name.",
        };
        var recalibrateBatchNorm = CliOptions.AtLeast(
            "--recalibrate-batch-norm",
            "N",
            "Batches of training data (of --batch-size records, at most one epoch) whose average statistics replace every batch-norm moving mean and variance after training; 0 keeps the moving averages, as the reference model does. Use it for short runs: with momentum 0.9999 the moving averages need tens of thousands of steps. Default: 0.",
            0);
        var overwrite = CliOptions.Overwrite("--out folder (it is replaced only after training succeeds)");

        var command = new Command("train", "Train the model with the spec's settings (options override them) and write a model folder.")
        {
            data, valid, validationFraction, output, epochs, batchSize, learningRate, optimizer, seed, skipBadRows, warmStartFrom, recalibrateBatchNorm, overwrite,
        };

        command.SetAction(parseResult => invocation.Run(parseResult, context =>
        {
            var request = new TrainRequest(
                parseResult.GetRequiredValue(data),
                parseResult.GetValue(valid),
                parseResult.GetValue(validationFraction),
                parseResult.GetRequiredValue(output),
                spec with
                {
                    Epochs = parseResult.GetValue(epochs) ?? spec.Epochs,
                    BatchSize = parseResult.GetValue(batchSize) ?? spec.BatchSize,
                    LearningRate = parseResult.GetValue(learningRate) ?? spec.LearningRate,
                    Optimizer = parseResult.GetValue(optimizer) ?? spec.Optimizer,
                    Seed = parseResult.GetValue(seed) ?? spec.Seed,
                },
                parseResult.GetValue(skipBadRows),
                parseResult.GetValue(warmStartFrom),
                parseResult.GetValue(recalibrateBatchNorm) ?? 0,
                parseResult.GetValue(overwrite));
            return Run(model, request, context);
        }));
        return command;
    }

    private static int Run<TRecord>(IRankerModel<TRecord> model, TrainRequest request, CliContext context)
    {
        ILogger logger = context.LoggerFactory.CreateLogger("train");
        OutputFolder.CheckWritable(Path.GetFullPath(request.OutputDirectory), request.Overwrite);
        string? warmStartCheckpoint = request.WarmStartFrom is null ? null : ModelFolder.CheckpointPath(request.WarmStartFrom);

        List<TRecord> training = RecordLoading.ReadAll(request.DataPath, model.Binder, request.SkipBadRows, logger);
        (List<TRecord> validation, string validationSource) = ReadValidation(model, request, training, logger);

        CheckNotEmpty(training, request.DataPath);
        CheckNotEmpty(validation, validationSource);

        var definition = new TrainingDefinitionOverride(model.Definition, request.Settings);
        using var folder = OutputFolder.Create(request.OutputDirectory, request.Overwrite);
        using var network = new ClemNetNetwork(definition);
        if (warmStartCheckpoint is not null)
        {
            WarmStart(network, definition, warmStartCheckpoint, request.Settings.Seed, folder.TemporaryDirectory, logger);
        }

        string checkpoints = Path.Combine(folder.TemporaryDirectory, ".checkpoints");
        var trainerOptions = new TrainerOptions
        {
            CheckpointDirectory = checkpoints,
            RecalibrateBatchNormBatches = request.RecalibrateBatchNormBatches,
        };
        int batchesPerEpoch = HeavyRanker.Training.Trainer.SplitIntoBatches(training.Count, request.Settings.BatchSize).Count;
        long totalSteps = (long)batchesPerEpoch * request.Settings.Epochs;
        string metricName = request.Settings.EarlyStoppingMetric == "roc_auc" ? "ROC-AUC" : "PR-AUC";
        var progress = new TrainingProgressDisplay(totalSteps, request.Settings.BatchSize, metricName, logger);
        var trainer = new Trainer(network, trainerOptions, context.LoggerFactory.CreateLogger<Trainer>(), progress);
        var trainingData = new RecordTrainingData<TRecord>(training, model.FeatureExtractor, model.LabelExtractor);
        var validationData = new RecordTrainingData<TRecord>(validation, model.FeatureExtractor, model.LabelExtractor);

        var clock = Stopwatch.StartNew();
        TrainingResult result = RunTrainer(context, trainer, trainingData, validationData, progress, totalSteps);
        clock.Stop();

        string modelPath = Path.Combine(folder.TemporaryDirectory, ModelFolder.CheckpointFile);
        network.Save(modelPath, result.BestStep);
        File.WriteAllText(Path.Combine(folder.TemporaryDirectory, ModelFolder.SpecFile), model.Definition.SpecJson);
        Directory.Delete(checkpoints, recursive: true);

        TrainingLog log = CreateLog(model.Definition, request, training.Count, validation.Count, validationSource, result, clock.Elapsed, progress);
        File.WriteAllText(Path.Combine(folder.TemporaryDirectory, ModelFolder.TrainingLogFile), log.ToJson());

        using var scorer = new TorchRecordScorer<TRecord>(network, model.FeatureExtractor, ownsNetwork: false);
        EvaluationResult evaluation = Evaluator.Evaluate(validation, model, scorer);
        evaluation.Metrics.Save(Path.Combine(folder.TemporaryDirectory, ModelFolder.MetricsFile));
        string report = Path.Combine(folder.TemporaryDirectory, ModelFolder.ReportFolder);
        ReportPlots.WriteTrainingCurves(log, report);
        ReportPlots.WriteTaskPlots(evaluation, model.Definition.Name, report);

        folder.Publish();
        context.Console.Write(MetricsTable.Create(evaluation.Metrics));
        logger.LogInformation(
            "Wrote {Folder}: best checkpoint of step {BestStep} of {Steps} ({Seconds:F1} s of training); validation metrics in {Metrics}.",
            Path.GetFullPath(request.OutputDirectory), result.BestStep, result.Steps, clock.Elapsed.TotalSeconds, ModelFolder.MetricsFile);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Reads the <c>--valid</c> file, or moves the last <c>--validation-fraction</c> of
    /// <paramref name="training"/> (at least 2 records) into the validation set.
    /// </summary>
    private static (List<TRecord> Records, string Source) ReadValidation<TRecord>(IRankerModel<TRecord> model, TrainRequest request, List<TRecord> training, ILogger logger)
    {
        if (request.ValidationPath is not null)
        {
            return (RecordLoading.ReadAll(request.ValidationPath, model.Binder, request.SkipBadRows, logger), request.ValidationPath);
        }

        int heldOutCount = Math.Max(2, (int)Math.Round(training.Count * request.ValidationFraction));
        if (training.Count - heldOutCount < 2)
        {
            throw new CliException($"'{request.DataPath}' has {training.Count} records, too few to hold out validation records; pass --valid.");
        }

        List<TRecord> validation = training.GetRange(training.Count - heldOutCount, heldOutCount);
        training.RemoveRange(training.Count - heldOutCount, heldOutCount);
        logger.LogInformation("No --valid given: holding out the last {Count:N0} records of the training data for validation.", heldOutCount);
        return (validation, $"last {heldOutCount} records of {request.DataPath}");
    }

    private static TrainingLog CreateLog(
        IModelDefinition definition,
        TrainRequest request,
        int trainingCount,
        int validationCount,
        string validationSource,
        TrainingResult result,
        TimeSpan trainingTime,
        TrainingProgressDisplay progress)
    {
        TrainingDefinition settings = request.Settings;
        return new TrainingLog
        {
            Model = definition.Name,
            SpecHash = definition.SpecHash,
            Settings = new TrainingSettings(
                settings.Optimizer,
                settings.LearningRate,
                settings.BatchSize,
                settings.Epochs,
                settings.EvaluationInterval,
                settings.EarlyStoppingMetric,
                settings.Patience,
                settings.Tolerance,
                settings.Seed),
            TrainingRecords = trainingCount,
            ValidationRecords = validationCount,
            ValidationSource = validationSource,
            WarmStartFrom = request.WarmStartFrom is null ? null : Path.GetFullPath(request.WarmStartFrom),
            Steps = result.Steps,
            BestStep = result.BestStep,
            BestMetric = result.BestMetric,
            StoppedEarly = result.StoppedEarly,
            TrainingSeconds = trainingTime.TotalSeconds,
            StepLosses = progress.Steps,
            Evaluations = progress.Evaluations,
        };
    }

    private static TrainingResult RunTrainer(
        CliContext context, Trainer trainer, ITrainingData training, ITrainingData validation, TrainingProgressDisplay progress, long totalSteps)
    {
        if (!context.Interactive)
        {
            return trainer.Train(training, validation, context.Cancellation);
        }

        TrainingResult? result = null;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .Start(progressContext =>
            {
                progress.Bar = progressContext.AddTask("starting", maxValue: totalSteps);
                result = trainer.Train(training, validation, context.Cancellation);
                progress.Bar.Value = totalSteps;
            });
        return result!;
    }

    private static void WarmStart(ClemNetNetwork network, IModelDefinition definition, string oldCheckpointPath, int seed, string outputDirectory, ILogger logger)
    {
        Checkpoint old = CheckpointFile.Load(oldCheckpointPath);
        Checkpoint rewritten = WarmStartRewriter.Rewrite(old, definition, seed, out WarmStartReport report);
        network.LoadCheckpoint(rewritten);
        File.WriteAllText(Path.Combine(outputDirectory, WarmStartReport.TextFileName), report.ToText());
        logger.LogInformation(
            "Warm start from {Path} (step {Step}): {Remapped} tensors remapped, {Copied} copied, {Initialized} newly initialised with seed {Seed}; see {Report}.",
            oldCheckpointPath, report.OldStep, report.RemappedTensors.Count, report.CopiedTensors.Count, report.InitializedTensors.Count, seed, WarmStartReport.TextFileName);
    }

    private static void CheckNotEmpty<TRecord>(List<TRecord> records, string source)
    {
        if (records.Count < 2)
        {
            throw new CliException($"'{source}' has {records.Count} records; training and validation need at least 2 each.");
        }
    }

    private sealed record TrainRequest(
        string DataPath,
        string? ValidationPath,
        double ValidationFraction,
        string OutputDirectory,
        TrainingDefinition Settings,
        bool SkipBadRows,
        string? WarmStartFrom,
        int RecalibrateBatchNormBatches,
        bool Overwrite);
}
