using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HeavyRanker.Generators.Diagnostics;
using HeavyRanker.Generators.Model;
using HeavyRanker.Runtime.Hashing;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>
/// One feature as read, before the cross-checks. Fields are null where the spec had an error;
/// <see cref="IsValid"/> is true only when the feature itself had none.
/// </summary>
internal sealed record ParsedFeature(
    ParsedText? Name,
    FeatureKind? Kind,
    ParsedText? Column,
    bool Required,
    string? Default,
    string? PropertyName,
    bool IsValid)
{
    public FeatureSpec ToSpec() => new(Name!.Value, Kind!.Value, Column!.Value, Required, Default, PropertyName!, TwmlHash.FeatureId(Name.Value));
}

/// <summary>Reads the <c>features</c> list.</summary>
internal static class FeatureParser
{
    /// <summary>Spellings of the feature types in a spec, in the order of <see cref="FeatureKind"/>.</summary>
    public static readonly IReadOnlyList<string> TypeNames = new[] { "continuous", "binary", "discrete", "string", "sparse_binary", "sparse_continuous" };

    private static readonly string[] FeatureKeys = { "name", "type", "column", "required", "default" };

    /// <summary>Returns the features, or null when the list is missing, empty or not a list.</summary>
    public static List<ParsedFeature>? Parse(MappingReader spec, ParseContext context)
    {
        YamlNode? value = spec.Value("features");
        if (value is null || ScalarValues.IsNull(value))
        {
            context.Report(DiagnosticDescriptors.MissingField, value is null ? spec.Location : spec.Key("features")!, "features", spec.Description);
            return null;
        }

        YamlSequenceNode? list = spec.ReadList("features", out _);
        if (list is null)
        {
            return null;
        }

        if (list.Children.Count == 0)
        {
            context.Report(DiagnosticDescriptors.OutOfRange, list, "features", "an empty list", "a list of at least one feature");
            return null;
        }

        var features = new List<ParsedFeature>();
        for (int index = 0; index < list.Children.Count; index++)
        {
            string path = "features[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            MappingReader? feature = MappingReader.Open(context, path, list.Children[index], null, FeatureKeys);
            if (feature is not null)
            {
                features.Add(ParseFeature(feature, context));
            }
        }

        return features;
    }

    private static ParsedFeature ParseFeature(MappingReader feature, ParseContext context)
    {
        int errorsBefore = context.ErrorCount;

        ParsedText? name = null;
        string? propertyName = null;
        if (feature.ReadText("name", required: true) is string nameText)
        {
            name = new ParsedText(nameText, feature.NodeOf("name"));
            propertyName = ToPropertyName(feature, nameText, context);
        }

        FeatureKind? kind = null;
        YamlNode? typeNode = feature.NonNullValue("type");
        if (typeNode is null)
        {
            context.Report(DiagnosticDescriptors.MissingField, feature.Key("type") ?? feature.Location, "type", feature.Description);
        }
        else if (feature.ReadChoice(typeNode, feature.FieldPath("type"), TypeNames) is string typeName)
        {
            kind = (FeatureKind)TypeNames.ToList().IndexOf(typeName);
        }

        ParsedText? column = name;
        if (feature.ReadText("column", required: false) is string columnText)
        {
            column = new ParsedText(columnText, feature.NodeOf("column"));
        }

        bool required = feature.ReadBoolean("required", false);
        string? defaultText = kind is FeatureKind known && name is not null ? ReadDefault(feature, name.Value, known, context) : null;

        return new ParsedFeature(name, kind, column, required, defaultText, propertyName, context.ErrorCount == errorsBefore);
    }

    private static string? ToPropertyName(MappingReader feature, string name, ParseContext context)
    {
        if (name.Any(char.IsWhiteSpace))
        {
            context.Report(DiagnosticDescriptors.InvalidIdentifier, feature.NodeOf("name"), feature.FieldPath("name"), name, "feature name", "Feature names cannot contain whitespace. Use '.' or '_' between words, as in 'user.age'.");
            return null;
        }

        string propertyName = CSharpNames.ToPascalCase(name);
        if (propertyName.Length == 0 || !CSharpNames.IsIdentifier(propertyName))
        {
            // ToPascalCase keeps only letters and digits, so an empty result means the name has
            // neither. The identifier check guards against any case the conversion misses.
            context.Report(DiagnosticDescriptors.InvalidIdentifier, feature.NodeOf("name"), feature.FieldPath("name"), name, "feature name", "It must contain a letter or digit, because it becomes the record's property name.");
            return null;
        }

        return propertyName;
    }

    /// <summary>
    /// Reads the default as the feature's type and returns its invariant text: a round-trip double
    /// for continuous, <c>true</c> or <c>false</c> for binary, a 64-bit integer for discrete, and
    /// the text itself for string. Sparse types take no default.
    /// </summary>
    private static string? ReadDefault(MappingReader feature, string name, FeatureKind kind, ParseContext context)
    {
        YamlNode? node = feature.NonNullValue("default");
        if (node is null)
        {
            return null;
        }

        string typeName = TypeNames[(int)kind];
        if (kind is FeatureKind.SparseBinary or FeatureKind.SparseContinuous)
        {
            string empty = kind == FeatureKind.SparseBinary ? "set" : "map";
            context.Report(DiagnosticDescriptors.InvalidDefault, node, name, ScalarValues.Describe(node), typeName, typeName + " features take no default, because a missing " + empty + " reads as empty. Remove 'default'");
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text })
        {
            context.Report(DiagnosticDescriptors.WrongType, node, feature.FieldPath("default"), "a single value", ScalarValues.Describe(node));
            return null;
        }

        string? reason = null;
        string? result = null;
        switch (kind)
        {
            case FeatureKind.Continuous:
                if (ScalarValues.TryParseDouble(text, out double number) && !double.IsNaN(number) && !double.IsInfinity(number))
                {
                    result = ScalarValues.FormatDouble(number);
                }
                else
                {
                    reason = "write a finite number such as 0.5";
                }

                break;
            case FeatureKind.Binary:
                if (ScalarValues.TryParseBoolean(text, out bool flag))
                {
                    result = flag ? "true" : "false";
                }
                else
                {
                    reason = "write true or false";
                }

                break;
            case FeatureKind.Discrete:
                if (ScalarValues.TryParseInteger(text, out long integer, out bool overflow))
                {
                    result = integer.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    reason = overflow ? "it is outside the 64-bit integer range" : "write a whole number such as 3";
                }

                break;
            default:
                result = text;
                break;
        }

        if (reason is not null)
        {
            context.Report(DiagnosticDescriptors.InvalidDefault, node, name, ScalarValues.Describe(node), typeName, reason);
        }

        return result;
    }
}
