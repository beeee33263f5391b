namespace HeavyRanker.Runtime.Data;

/// <summary>Settings of <see cref="RecordReader.Open{TRecord}"/>.</summary>
public sealed record RecordReaderOptions
{
    /// <summary>The defaults: stop at the first bad row, read every row.</summary>
    public static RecordReaderOptions Default { get; } = new();

    /// <summary>
    /// Whether a malformed row is skipped and counted instead of failing the read. Problems with
    /// a whole file (a missing column, a truncated Parquet file) still fail.
    /// </summary>
    public bool SkipBadRows { get; init; }

    /// <summary>How many skipped-row errors <see cref="RecordReader{TRecord}.SkippedRowErrors"/> keeps.</summary>
    public int MaxReportedErrors { get; init; } = 10;

    /// <summary>Maximum number of records to return, or null for all.</summary>
    public long? MaxRecords { get; init; }

    /// <summary>File format, or null to choose it from the file extension.</summary>
    public DataFormat? Format { get; init; }
}
