using System.CommandLine;
using HeavyRanker.Runtime.Data;
using HeavyRanker.Runtime.Data.Synthetic;
using Microsoft.Extensions.Logging;

namespace HeavyRanker.Cli.Commands;

/// <summary>The <c>generate</c> command: synthetic data in the columns of the sample notification spec.</summary>
internal static class GenerateCommand
{
    public static Command Create(RankerCli.Invocation invocation)
    {
        var rows = new Option<long>("--rows") { HelpName = "N", Description = "Number of rows to write (at least 1).", Required = true };
        rows.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out long value) && value < 1)
            {
                result.AddError($"--rows must be at least 1, but is {value}.");
            }
        });
        var output = CliOptions.RequiredPath("--out", "FILE", "Data file to write; the ground truth goes beside it as FILE.truth.json.");
        var seed = new Option<ulong>("--seed") { HelpName = "N", Description = "Seed of the generator (a non-negative integer); the same seed gives the same rows.", DefaultValueFactory = _ => 1UL };
        var format = new Option<string?>("--format") { Description = "File format: csv, tsv, jsonl or parquet. Default: from the --out extension." };
        format.AcceptOnlyFromAmong("csv", "tsv", "jsonl", "parquet");

        var command = new Command(
            "generate",
            "Write synthetic notification data with labels drawn from a known ground-truth model. The file has the columns of the sample "
            + "NotificationRanker spec (samples/NotificationRanker), whatever model this program was compiled for.")
        {
            rows, output, seed, format,
        };
        command.SetAction(parseResult => invocation.Run(parseResult, context =>
        {
            ILogger logger = context.LoggerFactory.CreateLogger("generate");
            string path = parseResult.GetRequiredValue(output);
            long rowCount = parseResult.GetValue(rows);
            DataFormat? dataFormat = parseResult.GetValue(format) switch
            {
                "csv" => DataFormat.Csv,
                "tsv" => DataFormat.Tsv,
                "jsonl" => DataFormat.JsonLines,
                "parquet" => DataFormat.Parquet,
                _ => DataFormats.FromExtension(path)
                    ?? throw new CliException($"Cannot tell the format of '{path}' from its extension; use .csv, .tsv, .jsonl, .ndjson or .parquet, or pass --format."),
            };

            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            long nextLogged = Math.Max(rowCount / 10, 1);
            var progress = new SynchronousProgress<long>(written =>
            {
                if (written >= nextLogged && written < rowCount)
                {
                    logger.LogInformation("Wrote {Rows:N0} of {Total:N0} rows.", written, rowCount);
                    nextLogged += Math.Max(rowCount / 10, 1);
                }
            });
            GenerationReport report = NotificationDataWriter.Write(path, rowCount, parseResult.GetValue(seed), dataFormat, progress);
            logger.LogInformation("Wrote {Rows:N0} rows to {Path} and the ground truth to {Truth}.", report.Rows, path, GenerationReport.TruthPathFor(path));
            foreach (TaskOptimum task in report.Tasks)
            {
                logger.LogInformation(
                    "Task {Task} ({Column}): positive rate {Rate:F4}; a perfect model reaches ROC-AUC {Auc:F4} and RCE {Rce:F2}.",
                    task.Task, task.LabelColumn, task.PositiveRate, task.OptimumRocAuc, task.OptimumRce);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Calls the handler on the reporting thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
