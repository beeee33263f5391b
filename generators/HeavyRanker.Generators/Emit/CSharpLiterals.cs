using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace HeavyRanker.Generators.Emit;

/// <summary>
/// C# source text for constant values, independent of the machine's culture: numbers use the
/// invariant culture and round-trip formatting, strings are escaped so any text survives.
/// </summary>
internal static class CSharpLiterals
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Formats a double so that it parses back to the same value and is typed double (<c>1.0</c>, <c>0.9</c>, <c>1E-05</c>).</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "double.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    /// <summary>Formats a float with the <c>f</c> suffix so that it parses back to the same value (<c>0.5f</c>, <c>1f</c>).</summary>
    public static string Float(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(value))
        {
            return "float.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(value))
        {
            return "float.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    /// <summary>Quotes and escapes <paramref name="value"/> as a regular C# string literal, or returns <c>null</c>.</summary>
    public static string String(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        return SymbolDisplay.FormatLiteral(value, quote: true);
    }

    /// <summary>Escapes text for an XML documentation comment and keeps it on one line.</summary>
    public static string XmlText(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char character in value)
        {
            switch (character)
            {
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                default:
                    builder.Append(char.IsControl(character) ? ' ' : character);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Returns a local variable name for a PascalCase property: camelCase plus <c>Value</c>, so it is never a keyword or a parameter name.</summary>
    public static string LocalName(string propertyName) =>
        char.ToLowerInvariant(propertyName[0]) + propertyName.Substring(1) + "Value";
}
