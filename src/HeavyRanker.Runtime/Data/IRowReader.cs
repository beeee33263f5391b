namespace HeavyRanker.Runtime.Data;

/// <summary>
/// The current row of a data file, read column by column. A column index is a position in the
/// binder's <see cref="IRecordBinder{TRecord}.Columns"/>, not in the file. Every getter throws
/// <see cref="DataFormatException"/> with the file, row and column when the value cannot be read
/// as the requested type; call <see cref="IsMissing"/> first, because getters also throw on a
/// missing value.
/// </summary>
public interface IRowReader
{
    /// <summary>Path of the file the row comes from.</summary>
    string File { get; }

    /// <summary>1-based data row within <see cref="File"/>.</summary>
    long Row { get; }

    /// <summary>Requested column names, indexed like the getters' column argument.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// Whether the value is missing: an empty CSV cell, a JSON null or absent key, or a Parquet null.
    /// </summary>
    bool IsMissing(int column);

    /// <summary>Reads a number; NaN and infinities are returned as they are.</summary>
    double GetDouble(int column);

    /// <summary>Reads an integer; an integral floating-point value such as <c>3.0</c> is accepted.</summary>
    long GetInt64(int column);

    /// <summary>Reads <c>true</c>/<c>false</c> (any case) or a number equal to 1 or 0.</summary>
    bool GetBoolean(int column);

    /// <summary>Reads the value as text.</summary>
    string GetString(int column);

    /// <summary>Reads a set of strings (CSV: <c>a|b|c</c>, <c>[]</c> for the empty set).</summary>
    IReadOnlySet<string> GetStringSet(int column);

    /// <summary>Reads a map of string to number (CSV: <c>k1:0.5|k2:1.25</c>, <c>{}</c> for the empty map).</summary>
    IReadOnlyDictionary<string, double> GetStringDoubleMap(int column);

    /// <summary>Reads a 0/1 label; any other value, a missing one included, is an error.</summary>
    float GetLabel(int column);
}
