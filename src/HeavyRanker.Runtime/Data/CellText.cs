using System.Collections.Frozen;
using System.Globalization;

namespace HeavyRanker.Runtime.Data;

/// <summary>
/// Parses the text encoding of values shared by CSV/TSV cells, JSON strings and Parquet string
/// columns. Numbers use the invariant culture. Each method returns null on success or the reason
/// the text is invalid, so that the caller can attach the file, row and column.
/// </summary>
internal static class CellText
{
    /// <summary>Separator of set elements and map entries.</summary>
    public const char ItemSeparator = '|';

    /// <summary>Separator of a map entry's key and value; the last one in an entry counts.</summary>
    public const char KeyValueSeparator = ':';

    private const NumberStyles DoubleStyle = NumberStyles.Float;

    public static string? ParseDouble(ReadOnlySpan<char> text, out double value)
    {
        if (double.TryParse(text, DoubleStyle, CultureInfo.InvariantCulture, out value))
        {
            return null;
        }

        // .NET accepts NaN and Infinity; pandas and NumPy also write nan and inf.
        var trimmed = text.Trim();
        if (trimmed.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return null;
        }

        if (trimmed.Equals("inf", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("+inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return null;
        }

        if (trimmed.Equals("-inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return null;
        }

        return $"'{Shorten(text)}' is not a number. Write numbers with a '.' decimal point, for example 12.5 or 1e-3.";
    }

    public static string? ParseInt64(ReadOnlySpan<char> text, out long value)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            return null;
        }

        // Exports that pass integers through a floating-point column write 3 as 3.0.
        if (double.TryParse(text, DoubleStyle, CultureInfo.InvariantCulture, out var number))
        {
            return IntegralToInt64(number, out value);
        }

        return $"'{Shorten(text)}' is not an integer.";
    }

    public static string? IntegralToInt64(double number, out long value)
    {
        // 2^63 is exactly representable; every double below it in magnitude and integral fits in a long.
        if (double.IsFinite(number) && Math.Floor(number) == number && number >= -9.2233720368547758E18 && number < 9.2233720368547758E18)
        {
            value = (long)number;
            return null;
        }

        value = 0;
        return $"{number.ToString(CultureInfo.InvariantCulture)} is not an integer in the int64 range.";
    }

    public static string? ParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return null;
        }

        if (trimmed.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            value = false;
            return null;
        }

        if (double.TryParse(trimmed, DoubleStyle, CultureInfo.InvariantCulture, out var number) && (number == 0 || number == 1))
        {
            value = number == 1;
            return null;
        }

        value = false;
        return $"'{Shorten(text)}' is not a boolean. Write true, false, 1 or 0.";
    }

    public static string? ParseLabel(ReadOnlySpan<char> text, out float value)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, DoubleStyle, CultureInfo.InvariantCulture, out var number))
        {
            return NumberToLabel(number, out value);
        }

        if (ParseBoolean(trimmed, out var flag) is null)
        {
            value = flag ? 1f : 0f;
            return null;
        }

        value = 0;
        return $"label '{Shorten(text)}' is not 0 or 1. Labels must be 0 or 1 (true/false is accepted too).";
    }

    public static string? NumberToLabel(double number, out float value)
    {
        if (number == 0 || number == 1)
        {
            value = (float)number;
            return null;
        }

        value = 0;
        return $"label {number.ToString(CultureInfo.InvariantCulture)} is outside {{0, 1}}. Labels must be 0 or 1.";
    }

    /// <summary>True when the text is the explicit empty set or map, <c>[]</c> or <c>{}</c>.</summary>
    public static bool IsExplicitEmpty(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        return trimmed is "[]" or "{}";
    }

    public static string? ParseStringSet(ReadOnlySpan<char> text, out IReadOnlySet<string> value)
    {
        if (IsExplicitEmpty(text))
        {
            value = FrozenSet<string>.Empty;
            return null;
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in text.Split(ItemSeparator))
        {
            var item = text[range];
            // An empty element (a||b, or a trailing |) carries no information and is skipped.
            if (!item.IsEmpty)
            {
                set.Add(item.ToString());
            }
        }

        value = set;
        return null;
    }

    public static string? ParseStringDoubleMap(ReadOnlySpan<char> text, out IReadOnlyDictionary<string, double> value)
    {
        if (IsExplicitEmpty(text))
        {
            value = FrozenDictionary<string, double>.Empty;
            return null;
        }

        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        value = map;
        foreach (var range in text.Split(ItemSeparator))
        {
            var entry = text[range];
            if (entry.IsEmpty)
            {
                continue;
            }

            var colon = entry.LastIndexOf(KeyValueSeparator);
            if (colon <= 0)
            {
                return $"map entry '{Shorten(entry)}' is not key:value. Write a map as k1:0.5|k2:1.25, or {{}} for the empty map.";
            }

            if (ParseDouble(entry[(colon + 1)..], out var number) is { } numberError)
            {
                return $"map entry '{Shorten(entry)}' has an invalid value: {numberError}";
            }

            if (!map.TryAdd(entry[..colon].ToString(), number))
            {
                return $"map key '{Shorten(entry[..colon])}' appears twice. Each key may appear once per map.";
            }
        }

        return null;
    }

    /// <summary>Returns the text for a message, cut to a readable length.</summary>
    public static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 60 ? text.ToString() : string.Concat(text[..57], "...");
}
