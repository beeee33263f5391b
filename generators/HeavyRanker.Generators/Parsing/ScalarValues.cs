using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>
/// Reads YAML scalars as numbers and booleans with YAML 1.2 core-schema spellings and the
/// invariant culture only, so a spec means the same on every machine. A quoted scalar is read
/// by its text like a plain one. Only a plain scalar can be null.
/// </summary>
internal static class ScalarValues
{
    /// <summary>Returns whether <paramref name="node"/> is a YAML null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(YamlNode? node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Describes a value for a message: its text in quotes, "a list", "a mapping" or "empty".</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "empty",
        YamlScalarNode scalar => "'" + Shorten(scalar.Value ?? string.Empty) + "'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    /// <summary>Parses a whole number. Returns false for text that is not one, and sets <paramref name="overflow"/> for digits beyond the 64-bit range.</summary>
    public static bool TryParseInteger(string text, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        int start = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        if (text.Length == start)
        {
            return false;
        }

        for (int i = start; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            overflow = true;
            return false;
        }

        return true;
    }

    /// <summary>Parses a number, including YAML's <c>.inf</c> and <c>.nan</c>, so callers must check that it is finite.</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
        }

        // NumberStyles.Float allows a sign, a decimal point and an exponent, but no thousands separators.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses <c>true</c> or <c>false</c> as YAML 1.2 spells them (lower, title or upper case).</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Formats a double so that it reads back to the same value, in the invariant culture.</summary>
    public static string FormatDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
