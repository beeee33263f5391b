using System.Collections.Frozen;

namespace HeavyRanker.Runtime.Data;

/// <summary>
/// Missing-value rules a binder applies per feature: <c>Required…</c> rejects a missing value,
/// <c>…OrDefault</c> substitutes the spec's default, and <c>Optional…</c> returns null so that the
/// feature extractor applies the type's rule (0, false, no entries).
/// </summary>
public static class RecordBinder
{
    /// <summary>Reads a number that must be present.</summary>
    public static double RequiredDouble(IRowReader row, int column) => CheckPresent(row, column).GetDouble(column);

    /// <summary>Reads a number, or null when it is missing.</summary>
    public static double? OptionalDouble(IRowReader row, int column) => row.IsMissing(column) ? null : row.GetDouble(column);

    /// <summary>Reads a number, or <paramref name="defaultValue"/> when it is missing.</summary>
    public static double DoubleOrDefault(IRowReader row, int column, double defaultValue) =>
        row.IsMissing(column) ? defaultValue : row.GetDouble(column);

    /// <summary>Reads a boolean that must be present.</summary>
    public static bool RequiredBoolean(IRowReader row, int column) => CheckPresent(row, column).GetBoolean(column);

    /// <summary>Reads a boolean, or null when it is missing.</summary>
    public static bool? OptionalBoolean(IRowReader row, int column) => row.IsMissing(column) ? null : row.GetBoolean(column);

    /// <summary>Reads a boolean, or <paramref name="defaultValue"/> when it is missing.</summary>
    public static bool BooleanOrDefault(IRowReader row, int column, bool defaultValue) =>
        row.IsMissing(column) ? defaultValue : row.GetBoolean(column);

    /// <summary>Reads an integer that must be present.</summary>
    public static long RequiredInt64(IRowReader row, int column) => CheckPresent(row, column).GetInt64(column);

    /// <summary>Reads an integer, or null when it is missing.</summary>
    public static long? OptionalInt64(IRowReader row, int column) => row.IsMissing(column) ? null : row.GetInt64(column);

    /// <summary>Reads an integer, or <paramref name="defaultValue"/> when it is missing.</summary>
    public static long Int64OrDefault(IRowReader row, int column, long defaultValue) =>
        row.IsMissing(column) ? defaultValue : row.GetInt64(column);

    /// <summary>Reads a string that must be present.</summary>
    public static string RequiredString(IRowReader row, int column) => CheckPresent(row, column).GetString(column);

    /// <summary>Reads a string, or null when it is missing.</summary>
    public static string? OptionalString(IRowReader row, int column) => row.IsMissing(column) ? null : row.GetString(column);

    /// <summary>Reads a string, or <paramref name="defaultValue"/> when it is missing.</summary>
    public static string StringOrDefault(IRowReader row, int column, string defaultValue) =>
        row.IsMissing(column) ? defaultValue : row.GetString(column);

    /// <summary>Reads a set that must be present (it may be the explicit empty set).</summary>
    public static IReadOnlySet<string> RequiredStringSet(IRowReader row, int column) => CheckPresent(row, column).GetStringSet(column);

    /// <summary>Reads a set, or null when it is missing.</summary>
    public static IReadOnlySet<string>? OptionalStringSet(IRowReader row, int column) =>
        row.IsMissing(column) ? null : row.GetStringSet(column);

    /// <summary>Reads a set, or the empty set when it is missing.</summary>
    public static IReadOnlySet<string> StringSetOrEmpty(IRowReader row, int column) =>
        row.IsMissing(column) ? FrozenSet<string>.Empty : row.GetStringSet(column);

    /// <summary>Reads a map that must be present (it may be the explicit empty map).</summary>
    public static IReadOnlyDictionary<string, double> RequiredStringDoubleMap(IRowReader row, int column) =>
        CheckPresent(row, column).GetStringDoubleMap(column);

    /// <summary>Reads a map, or null when it is missing.</summary>
    public static IReadOnlyDictionary<string, double>? OptionalStringDoubleMap(IRowReader row, int column) =>
        row.IsMissing(column) ? null : row.GetStringDoubleMap(column);

    /// <summary>Reads a map, or the empty map when it is missing.</summary>
    public static IReadOnlyDictionary<string, double> StringDoubleMapOrEmpty(IRowReader row, int column) =>
        row.IsMissing(column) ? FrozenDictionary<string, double>.Empty : row.GetStringDoubleMap(column);

    /// <summary>Reads a task label, which every row must carry as 0 or 1.</summary>
    public static float Label(IRowReader row, int column) => row.GetLabel(column);

    /// <summary>Reads a label that may be absent, such as the dislike label; missing reads as 0.</summary>
    public static float LabelOrZero(IRowReader row, int column) => row.IsMissing(column) ? 0f : row.GetLabel(column);

    /// <summary>
    /// Reads a record weight: missing reads as 1; a negative, NaN or infinite weight is an error
    /// because the weighted metrics would be meaningless.
    /// </summary>
    public static float Weight(IRowReader row, int column)
    {
        if (row.IsMissing(column))
        {
            return 1f;
        }

        var weight = row.GetDouble(column);
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw Error(row, column, $"invalid weight {weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}; a weight must be a finite number >= 0.");
        }

        return (float)weight;
    }

    /// <summary>Creates the exception for a value of the current row, located at its file, row and column.</summary>
    public static DataFormatException Error(IRowReader row, int column, string reason) =>
        new(row.File, row.Row, row.Columns[column], reason);

    private static IRowReader CheckPresent(IRowReader row, int column)
    {
        if (row.IsMissing(column))
        {
            throw Error(row, column, "a required value is empty. Fill it in, or make the feature optional or give it a default in the spec.");
        }

        return row;
    }
}
