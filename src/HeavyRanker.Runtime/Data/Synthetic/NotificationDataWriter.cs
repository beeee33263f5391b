using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HeavyRanker.Runtime.Data.Synthetic;

/// <summary>
/// Writes generated notification rows to CSV, TSV, JSON Lines or Parquet in constant memory, and
/// the ground-truth summary beside the file as <c>&lt;file&gt;.truth.json</c>.
/// </summary>
public static class NotificationDataWriter
{
    /// <summary>
    /// Rows per Parquet row group. Readers decode one row group at a time; 50,000 generated rows
    /// take roughly 100 to 150 MB of managed heap once decoded (measured with RecordReader reading all 44 columns).
    /// </summary>
    public const int ParquetRowGroupSize = 50_000;

    /// <summary>
    /// Generates <paramref name="rows"/> rows from <paramref name="seed"/> into <paramref name="path"/>,
    /// in the format its extension names unless <paramref name="format"/> is given, and writes
    /// the truth sidecar. <paramref name="progress"/> receives the number of rows written so far,
    /// every 10,000 rows and at the end.
    /// </summary>
    public static GenerationReport Write(string path, long rows, ulong seed, DataFormat? format = null, IProgress<long>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var resolved = format ?? DataFormats.FromExtension(path)
            ?? throw new ArgumentException($"Cannot tell the format of '{path}' from its extension; use .csv, .tsv, .jsonl, .ndjson or .parquet.", nameof(path));
        var generator = new NotificationDataGenerator(seed);
        var example = NotificationDataGenerator.CreateExample();
        var open = new OptimumAccumulator();
        var engage = new OptimumAccumulator();
        long dislikes = 0;

        // Each writer pulls rows through this callback, so the truth statistics see exactly the rows written.
        NotificationExample NextRow()
        {
            generator.Next(example);
            open.Add(example.LabelProbability, example.Open, example.Weight);
            engage.Add(example.EngageProbability, example.Engage, example.Weight);
            dislikes += example.Dislike;
            return example;
        }

        switch (resolved)
        {
            case DataFormat.Csv:
            case DataFormat.Tsv:
                WriteDelimited(path, rows, resolved == DataFormat.Csv ? ',' : '\t', NextRow, progress);
                break;
            case DataFormat.JsonLines:
                WriteJsonLines(path, rows, NextRow, progress);
                break;
            default:
                NotificationParquetWriter.Write(path, rows, NextRow, progress);
                break;
        }

        progress?.Report(rows);
        var report = new GenerationReport(
            path,
            resolved,
            rows,
            seed,
            rows == 0 ? 0 : (double)dislikes / rows,
            [Optimum("open", "label", open), Optimum("engage", "label.engagement", engage)],
            $"histogram of the true logit, {OptimumAccumulator.Bins} bins over [-20, 20]; ties within a bin count half");
        File.WriteAllText(GenerationReport.TruthPathFor(path), report.ToJson());
        return report;
    }

    private static TaskOptimum Optimum(string task, string column, OptimumAccumulator accumulator) => new(
        task,
        column,
        accumulator.Count == 0 ? 0 : accumulator.Positives / accumulator.Count,
        accumulator.MeanProbability,
        accumulator.RocAuc,
        accumulator.WeightedRocAuc,
        accumulator.Rce,
        accumulator.WeightedRce);

    private static void WriteDelimited(string path, long rows, char separator, Func<NotificationExample> next, IProgress<long>? progress)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write(string.Join(separator, NotificationDataGenerator.Columns.Select(column => column.Name)));
        writer.Write('\n');
        var line = new StringBuilder(1024);
        for (long row = 0; row < rows; row++)
        {
            var e = next();
            line.Clear();
            AppendFields(line, e, separator);
            writer.Write(line);
            if ((row + 1) % 10_000 == 0)
            {
                progress?.Report(row + 1);
            }
        }
    }

    // Fields in column order, in the CSV encoding: empty for missing, a|b for sets, k:v|k:v for maps, [] and {} for empty ones.
    private static void AppendFields(StringBuilder line, NotificationExample e, char separator)
    {
        foreach (var value in e.Continuous)
        {
            AppendNumber(line, value);
            line.Append(separator);
        }

        foreach (var value in e.Binary)
        {
            line.Append(value switch { null => "", true => "1", false => "0" }).Append(separator);
        }

        foreach (var value in e.Discrete)
        {
            if (value is { } id)
            {
                line.Append(CultureInfo.InvariantCulture, $"{id}");
            }

            line.Append(separator);
        }

        foreach (var value in e.Strings)
        {
            line.Append(value).Append(separator);
        }

        foreach (var set in e.Sets)
        {
            if (set is not null)
            {
                line.Append(set.Count == 0 ? "[]" : string.Join(CellText.ItemSeparator, set));
            }

            line.Append(separator);
        }

        foreach (var map in e.Maps)
        {
            if (map is not null)
            {
                AppendMap(line, map);
            }

            line.Append(separator);
        }

        line.Append(e.Open).Append(separator).Append(e.Engage).Append(separator).Append(e.Dislike).Append(separator);
        AppendNumber(line, e.Weight);
        line.Append('\n');
    }

    private static void AppendMap(StringBuilder line, List<KeyValuePair<string, double>> map)
    {
        if (map.Count == 0)
        {
            line.Append("{}");
            return;
        }

        for (var i = 0; i < map.Count; i++)
        {
            if (i > 0)
            {
                line.Append(CellText.ItemSeparator);
            }

            line.Append(map[i].Key).Append(CellText.KeyValueSeparator);
            AppendNumber(line, map[i].Value);
        }
    }

    private static void AppendNumber(StringBuilder line, double? value)
    {
        if (value is { } number)
        {
            // The interpolated overload formats into the builder without an intermediate string.
            line.Append(CultureInfo.InvariantCulture, $"{number}");
        }
    }

    private static void WriteJsonLines(string path, long rows, Func<NotificationExample> next, IProgress<long>? progress)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(stream);
        var columns = NotificationDataGenerator.Columns;
        for (long row = 0; row < rows; row++)
        {
            var e = next();
            json.WriteStartObject();
            var column = 0;
            foreach (var value in e.Continuous)
            {
                WriteNullable(json, columns[column++].Name, value, (w, v) => w.WriteNumberValue(v));
            }

            foreach (var value in e.Binary)
            {
                WriteNullable(json, columns[column++].Name, value, (w, v) => w.WriteBooleanValue(v));
            }

            foreach (var value in e.Discrete)
            {
                WriteNullable(json, columns[column++].Name, value, (w, v) => w.WriteNumberValue(v));
            }

            foreach (var value in e.Strings)
            {
                json.WriteString(columns[column++].Name, value);
            }

            foreach (var set in e.Sets)
            {
                json.WritePropertyName(columns[column++].Name);
                if (set is null)
                {
                    json.WriteNullValue();
                    continue;
                }

                json.WriteStartArray();
                set.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            foreach (var map in e.Maps)
            {
                json.WritePropertyName(columns[column++].Name);
                if (map is null)
                {
                    json.WriteNullValue();
                    continue;
                }

                json.WriteStartObject();
                map.ForEach(entry => json.WriteNumber(entry.Key, entry.Value));
                json.WriteEndObject();
            }

            json.WriteNumber(columns[column++].Name, e.Open);
            json.WriteNumber(columns[column++].Name, e.Engage);
            json.WriteNumber(columns[column++].Name, e.Dislike);
            json.WriteNumber(columns[column].Name, e.Weight);
            json.WriteEndObject();

            // One object per line: flush the writer, add the newline, and let it start a new top-level value.
            json.Flush();
            stream.WriteByte((byte)'\n');
            json.Reset();
            if ((row + 1) % 10_000 == 0)
            {
                progress?.Report(row + 1);
            }
        }
    }

    private static void WriteNullable<T>(Utf8JsonWriter json, string name, T? value, Action<Utf8JsonWriter, T> write)
        where T : struct
    {
        json.WritePropertyName(name);
        if (value is { } present)
        {
            write(json, present);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
