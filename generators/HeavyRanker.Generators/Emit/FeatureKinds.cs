using System;
using System.Globalization;
using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Emit;

/// <summary>Per-type facts that every emitted file needs: spellings, C# types and default parsing.</summary>
internal static class FeatureKinds
{
    /// <summary>Returns the type as a spec writes it, for example <c>sparse_binary</c>.</summary>
    public static string SpecName(FeatureKind kind) => kind switch
    {
        FeatureKind.Continuous => "continuous",
        FeatureKind.Binary => "binary",
        FeatureKind.Discrete => "discrete",
        FeatureKind.String => "string",
        FeatureKind.SparseBinary => "sparse_binary",
        FeatureKind.SparseContinuous => "sparse_continuous",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind."),
    };

    /// <summary>Returns the twml spelling, for example <c>SPARSE_BINARY</c>.</summary>
    public static string TwmlName(FeatureKind kind) => SpecName(kind).ToUpperInvariant();

    /// <summary>Returns the member name of <c>HeavyRanker.Runtime.Models.FeatureType</c>.</summary>
    public static string RuntimeTypeName(FeatureKind kind) => kind.ToString();

    /// <summary>Returns the record property type without nullability.</summary>
    public static string ClrType(FeatureKind kind) => kind switch
    {
        FeatureKind.Continuous => "double",
        FeatureKind.Binary => "bool",
        FeatureKind.Discrete => "long",
        FeatureKind.String => "string",
        FeatureKind.SparseBinary => "global::System.Collections.Generic.IReadOnlySet<string>",
        FeatureKind.SparseContinuous => "global::System.Collections.Generic.IReadOnlyDictionary<string, double>",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind."),
    };

    public static double ParseDouble(string text)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "Infinity":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF" or "-Infinity":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN" or "NaN":
                return double.NaN;
            default:
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }

    public static long ParseLong(string text) => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static bool ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" or "1" => true,
        "false" or "False" or "FALSE" or "0" => false,
        _ => throw new FormatException("'" + text + "' is not a boolean default."),
    };
}
