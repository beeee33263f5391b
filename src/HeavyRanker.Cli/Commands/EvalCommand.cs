using System.CommandLine;
using HeavyRanker.Cli.Evaluation;
using HeavyRanker.Cli.Reports;
using HeavyRanker.Cli.Scoring;
using HeavyRanker.Cli.Training;
using HeavyRanker.Runtime.Data;
using HeavyRanker.Runtime.Models;
using Microsoft.Extensions.Logging;

namespace HeavyRanker.Cli.Commands;

/// <summary>The <c>eval</c> command.</summary>
internal static class EvalCommand
{
    public static Command Create<TRecord>(IRankerModel<TRecord> model, RankerCli.Invocation invocation)
    {
        var modelDirectory = CliOptions.RequiredPath("--model", "DIR", "Model folder written by train (reads its model.safetensors).");
        var data = CliOptions.RequiredPath("--data", "PATH", "Labelled data to evaluate: a .csv, .tsv, .jsonl, .ndjson or .parquet file, or a folder of part files.");
        var output = new Option<string?>("--out") { HelpName = "FILE", Description = "JSON file to write the metrics to (the format of metrics.json). Default: the table on screen only." };
        var report = new Option<string?>("--report")
        {
            HelpName = "DIR",
            Description = "Folder to write PNG plots to: ROC, precision-recall and calibration per task, plus the training curves when the model folder has training-log.json.",
        };
        var skipBadRows = new Option<bool>("--skip-bad-rows") { Description = "Skip malformed rows and report their count, instead of failing at the first." };

        var command = new Command("eval", "Evaluate a trained model on labelled data: the metrics of every task, weighted and unweighted.")
        {
            modelDirectory, data, output, report, skipBadRows,
        };
        command.SetAction(parseResult => invocation.Run(parseResult, context => Run(
            model,
            parseResult.GetRequiredValue(modelDirectory),
            parseResult.GetRequiredValue(data),
            parseResult.GetValue(output),
            parseResult.GetValue(report),
            parseResult.GetValue(skipBadRows),
            context)));
        return command;
    }

    private static int Run<TRecord>(IRankerModel<TRecord> model, string modelDirectory, string dataPath, string? outputPath, string? reportDirectory, bool skipBadRows, CliContext context)
    {
        ILogger logger = context.LoggerFactory.CreateLogger("eval");
        using IRecordScorer<TRecord> scorer = RecordScorers.Open(modelDirectory, model);
        EvaluationResult result;
        using (RecordReader<TRecord> reader = RecordLoading.Open(dataPath, model.Binder, skipBadRows))
        {
            result = Evaluator.Evaluate(reader, model, scorer);
            RecordLoading.LogSkipped(reader, logger);
        }

        if (result.RecordCount == 0)
        {
            throw new CliException($"'{dataPath}' has no records to evaluate.");
        }

        context.Console.Write(MetricsTable.Create(result.Metrics));
        logger.LogInformation("Evaluated {Count:N0} records of {Path}.", result.RecordCount, dataPath);
        if (outputPath is not null)
        {
            AtomicFile.WriteAllBytes(outputPath, result.Metrics.ToJsonBytes());
            logger.LogInformation("Wrote metrics to {Path}.", outputPath);
        }

        if (reportDirectory is not null)
        {
            var files = new List<string>(ReportPlots.WriteTaskPlots(result, model.Definition.Name, reportDirectory));
            TrainingLog? log = TrainingLog.TryLoad(Path.Combine(modelDirectory, ModelFolder.TrainingLogFile));
            if (log is not null)
            {
                files.AddRange(ReportPlots.WriteTrainingCurves(log, reportDirectory));
            }

            logger.LogInformation("Wrote {Count} plots to {Folder}.", files.Count, reportDirectory);
        }

        return ExitCodes.Success;
    }
}
