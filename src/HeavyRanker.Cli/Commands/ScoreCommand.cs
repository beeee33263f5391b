using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HeavyRanker.Cli.Scoring;
using HeavyRanker.Runtime.Data;
using HeavyRanker.Runtime.Models;
using Microsoft.Extensions.Logging;

namespace HeavyRanker.Cli.Commands;

/// <summary>The <c>score</c> command.</summary>
internal static class ScoreCommand
{
    private const int BatchSize = 4096;

    public static Command Create<TRecord>(IRankerModel<TRecord> model, RankerCli.Invocation invocation)
    {
        string taskColumns = string.Join(", ", model.Definition.Tasks.Select(task => "p_" + task.Name));
        var modelDirectory = CliOptions.RequiredPath("--model", "DIR", "Model folder written by train (reads its model.safetensors).");
        var data = CliOptions.RequiredPath("--data", "PATH", "Data to score: a .csv, .tsv, .jsonl, .ndjson or .parquet file, or a folder of part files. Only the feature columns are read; label columns may be absent.");
        var output = CliOptions.RequiredPath(
            "--out",
            "FILE",
            $"File to write, .csv or .jsonl: one line per record in input order with row (1-based record number), the --key-column if given, {taskColumns} (probabilities in [0, 1]) and score. Replaced atomically.");
        var keyColumn = new Option<string?>("--key-column")
        {
            HelpName = "COLUMN",
            Description = "Column of the data file to copy into the output as is, for example a request id, to join scores back to rows.",
        };
        var skipBadRows = new Option<bool>("--skip-bad-rows")
        {
            Description = "Skip malformed rows instead of failing; row numbers in the output then count only the records that were read.",
        };

        var command = new Command("score", "Write the probability of every task and the score of every record.")
        {
            modelDirectory, data, output, keyColumn, skipBadRows,
        };
        command.SetAction(parseResult => invocation.Run(parseResult, context => Run(
            model,
            parseResult.GetRequiredValue(modelDirectory),
            parseResult.GetRequiredValue(data),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(keyColumn),
            parseResult.GetValue(skipBadRows),
            context)));
        return command;
    }

    private static int Run<TRecord>(IRankerModel<TRecord> model, string modelDirectory, string dataPath, string outputPath, string? keyColumn, bool skipBadRows, CliContext context)
    {
        ILogger logger = context.LoggerFactory.CreateLogger("score");
        bool jsonLines = Path.GetExtension(outputPath).ToLowerInvariant() switch
        {
            ".csv" => false,
            ".jsonl" or ".ndjson" => true,
            _ => throw new CliException($"Output file '{outputPath}' must end in .csv or .jsonl."),
        };

        using IRecordScorer<TRecord> scorer = RecordScorers.Open(modelDirectory, model);
        var binder = new ScoringBinder<TRecord>(model.Binder, model.Definition.Features.Count, keyColumn);
        try
        {
            return Score(model, scorer, binder, dataPath, outputPath, jsonLines, keyColumn, skipBadRows, logger);
        }
        catch (DataFormatException error) when (IsMissingKeyColumn(error, keyColumn, binder))
        {
            throw MissingKeyColumn(error);
        }
    }

    private static int Score<TRecord>(
        IRankerModel<TRecord> model,
        IRecordScorer<TRecord> scorer,
        ScoringBinder<TRecord> binder,
        string dataPath,
        string outputPath,
        bool jsonLines,
        string? keyColumn,
        bool skipBadRows,
        ILogger logger)
    {
        using RecordReader<(TRecord Record, string? Key)> reader = RecordLoading.Open(dataPath, binder, skipBadRows);
        string[] taskNames = model.Definition.Tasks.Select(task => task.Name).ToArray();
        long written = 0;

        AtomicFile.Write(outputPath, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
            writer.NewLine = "\n";
            if (!jsonLines)
            {
                writer.WriteLine(CsvHeader(taskNames, keyColumn));
            }

            var keyed = new (TRecord Record, string? Key)[BatchSize];
            var records = new TRecord[BatchSize];
            var probabilities = new float[BatchSize * taskNames.Length];
            var scores = new float[BatchSize];
            int count;
            while ((count = reader.ReadBatch(keyed)) > 0)
            {
                for (int row = 0; row < count; row++)
                {
                    records[row] = keyed[row].Record;
                }

                scorer.Score(records.AsSpan(0, count), probabilities, scores);
                for (int row = 0; row < count; row++)
                {
                    written++;
                    ReadOnlySpan<float> rowProbabilities = probabilities.AsSpan(row * taskNames.Length, taskNames.Length);
                    if (jsonLines)
                    {
                        WriteJsonLine(writer, written, keyColumn, keyed[row].Key, taskNames, rowProbabilities, scores[row]);
                    }
                    else
                    {
                        WriteCsvLine(writer, written, keyColumn, keyed[row].Key, rowProbabilities, scores[row]);
                    }
                }
            }

            writer.Flush();
        });

        RecordLoading.LogSkipped(reader, logger);
        logger.LogInformation("Scored {Count:N0} records of {Data} into {Output}.", written, dataPath, outputPath);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Whether <paramref name="error"/> is the file lacking the <c>--key-column</c> column. A key
    /// column that is also a feature column stays a spec error, because the spec maps it too.
    /// </summary>
    private static bool IsMissingKeyColumn<TRecord>(DataFormatException error, string? keyColumn, ScoringBinder<TRecord> binder) =>
        keyColumn is not null
        && error.IsMissingColumn
        && error.Column == keyColumn
        && binder.Columns.Count(column => column == keyColumn) == 1;

    private static DataFormatException MissingKeyColumn(DataFormatException error)
    {
        string column = error.Column!;
        string hint = error.NearestColumn is null
            ? "Pass the name of a column of the file to --key-column, or leave the option out."
            : $"Did you mean '{error.NearestColumn}'? Pass --key-column {error.NearestColumn}, or another column of the file.";
        string reason = $"the file has no column '{column}', which the --key-column option names. {hint}";
        return new DataFormatException(error.File, error.Row, column, reason, error)
        {
            IsMissingColumn = true,
            NearestColumn = error.NearestColumn,
        };
    }

    private static string CsvHeader(string[] taskNames, string? keyColumn)
    {
        var columns = new List<string> { "row" };
        if (keyColumn is not null)
        {
            columns.Add(keyColumn);
        }

        columns.AddRange(taskNames.Select(name => "p_" + name));
        columns.Add("score");
        return string.Join(',', columns.Select(CsvField));
    }

    private static void WriteCsvLine(TextWriter writer, long row, string? keyColumn, string? key, ReadOnlySpan<float> probabilities, float score)
    {
        writer.Write(row.ToString(CultureInfo.InvariantCulture));
        if (keyColumn is not null)
        {
            writer.Write(',');
            writer.Write(CsvField(key ?? string.Empty));
        }

        foreach (float probability in probabilities)
        {
            writer.Write(',');
            writer.Write(probability.ToString("R", CultureInfo.InvariantCulture));
        }

        writer.Write(',');
        writer.WriteLine(score.ToString("R", CultureInfo.InvariantCulture));
    }

    private static void WriteJsonLine(TextWriter writer, long row, string? keyColumn, string? key, string[] taskNames, ReadOnlySpan<float> probabilities, float score)
    {
        var line = new StringBuilder();
        line.Append("{\"row\":").Append(row.ToString(CultureInfo.InvariantCulture));
        if (keyColumn is not null)
        {
            line.Append(',').Append(JsonSerializer.Serialize(keyColumn)).Append(':').Append(key is null ? "null" : JsonSerializer.Serialize(key));
        }

        for (int task = 0; task < taskNames.Length; task++)
        {
            line.Append(',').Append(JsonSerializer.Serialize("p_" + taskNames[task])).Append(':').Append(probabilities[task].ToString("R", CultureInfo.InvariantCulture));
        }

        line.Append(",\"score\":").Append(score.ToString("R", CultureInfo.InvariantCulture)).Append('}');
        writer.WriteLine(line.ToString());
    }

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
