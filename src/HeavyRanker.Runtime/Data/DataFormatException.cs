namespace HeavyRanker.Runtime.Data;

/// <summary>
/// A data file that cannot be read as the spec maps it: a missing column, a malformed row, or a
/// truncated or unreadable file. The message names the file, the row and the column, and
/// suggests a fix.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates an exception for one file, row and column.</summary>
    /// <param name="file">Path of the file that failed.</param>
    /// <param name="row">1-based data row, 0 for the header, or null when the whole file failed.</param>
    /// <param name="column">Column name, or null when the error is not about one column.</param>
    /// <param name="reason">What is wrong and what to do, as one or two sentences.</param>
    /// <param name="innerException">The parser's own exception, if any.</param>
    public DataFormatException(string file, long? row, string? column, string reason, Exception? innerException = null)
        : base(FormatMessage(file, row, column, reason), innerException)
    {
        File = file;
        Row = row;
        Column = column;
        Reason = reason;
    }

    /// <summary>Path of the file that failed.</summary>
    public string File { get; }

    /// <summary>1-based data row (the first row after a CSV header is 1), 0 for the header, or null for the whole file.</summary>
    public long? Row { get; }

    /// <summary>Column name, or null when the error is not about one column.</summary>
    public string? Column { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>Whether the error is a requested column that the file's header or schema lacks.</summary>
    public bool IsMissingColumn { get; init; }

    /// <summary>
    /// For a missing column, the file's column name closest to <see cref="Column"/> when one is
    /// within a small edit distance; otherwise null.
    /// </summary>
    public string? NearestColumn { get; init; }

    /// <summary>Whether the error concerns one data row, so that skipping bad rows can continue past it.</summary>
    public bool IsRowError => Row is > 0;

    private static string FormatMessage(string file, long? row, string? column, string reason)
    {
        var location = row switch
        {
            null => file,
            0 => $"{file}, header",
            _ => $"{file}, row {row}",
        };
        return column is null ? $"{location}: {reason}" : $"{location}, column '{column}': {reason}";
    }
}
