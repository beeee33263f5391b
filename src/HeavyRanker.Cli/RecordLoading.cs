using HeavyRanker.Runtime.Data;
using Microsoft.Extensions.Logging;

namespace HeavyRanker.Cli;

/// <summary>Reads whole data files into memory for training and logs what was skipped.</summary>
internal static class RecordLoading
{
    /// <summary>Reads every record of <paramref name="path"/> (a file or a folder of part files).</summary>
    /// <exception cref="DataFormatException">A file lacks a column, or a row is malformed and bad rows are not skipped.</exception>
    /// <exception cref="CliException">Nothing exists at <paramref name="path"/>.</exception>
    public static List<TRecord> ReadAll<TRecord>(string path, IRecordBinder<TRecord> binder, bool skipBadRows, ILogger logger)
    {
        using RecordReader<TRecord> reader = Open(path, binder, skipBadRows);
        var records = new List<TRecord>();
        while (reader.TryRead(out TRecord record))
        {
            records.Add(record);
        }

        LogSkipped(reader, logger);
        logger.LogInformation("Read {Count:N0} records from {Path}.", records.Count, path);
        return records;
    }

    /// <summary>Opens <paramref name="path"/> for streaming; a missing path becomes a <see cref="CliException"/>.</summary>
    public static RecordReader<TRecord> Open<TRecord>(string path, IRecordBinder<TRecord> binder, bool skipBadRows)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new CliException($"Data file '{path}' not found. Pass a .csv, .tsv, .jsonl, .ndjson or .parquet file, or a folder of part files.");
        }

        return RecordReader.Open(path, binder, new RecordReaderOptions { SkipBadRows = skipBadRows });
    }

    /// <summary>Logs the number of skipped rows and the first errors.</summary>
    public static void LogSkipped<TRecord>(RecordReader<TRecord> reader, ILogger logger)
    {
        if (reader.SkippedRowCount == 0)
        {
            return;
        }

        logger.LogWarning("Skipped {Count:N0} malformed rows of {Path}; the first errors follow.", reader.SkippedRowCount, reader.Path);
        foreach (DataFormatException error in reader.SkippedRowErrors)
        {
            logger.LogWarning("Skipped: {Message}", error.Message);
        }
    }
}
