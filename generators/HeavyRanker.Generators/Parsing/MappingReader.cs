using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HeavyRanker.Generators.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>
/// Typed access to one YAML mapping of the spec. Opening a mapping reports its unknown keys
/// (HR0002). Each read reports a wrong type (HR0004), a value out of range (HR0005) or an
/// unknown choice (HR0010) at the offending node, then returns the default so parsing goes on.
/// An absent key and an empty (null) value both mean "use the default".
/// </summary>
internal sealed class MappingReader
{
    private readonly ParseContext _context;
    private readonly Dictionary<string, KeyValuePair<YamlScalarNode, YamlNode>> _entries = new();

    private MappingReader(ParseContext context, string path, YamlNode location)
    {
        _context = context;
        Path = path;
        Location = location;
    }

    /// <summary>The parse this mapping belongs to, for reports that the typed reads do not cover.</summary>
    public ParseContext Context => _context;

    /// <summary>Dotted path of this mapping, such as <c>features[3]</c>, or an empty string for the top level.</summary>
    public string Path { get; }

    /// <summary>The node a missing field is reported at: the mapping itself, or the key whose value is empty.</summary>
    public YamlNode Location { get; }

    /// <summary>How messages name this mapping: <c>'model'</c>, or <c>the spec</c> at the top level.</summary>
    public string Description => Path.Length == 0 ? "the spec" : "'" + Path + "'";

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping with the given valid keys and reports every other key.
    /// An empty value opens as an empty mapping located at <paramref name="keyNode"/>. Returns null,
    /// after reporting HR0004, when the node is a scalar or a list.
    /// </summary>
    public static MappingReader? Open(ParseContext context, string path, YamlNode node, YamlNode? keyNode, IReadOnlyList<string> keys) =>
        OpenWithKeys(context, path, node, keyNode, keys);

    /// <summary>Opens <paramref name="node"/> as a mapping like <see cref="Open(ParseContext, string, YamlNode, YamlNode?, IReadOnlyList{string})"/>, but accepts every key.</summary>
    public static MappingReader? OpenUnchecked(ParseContext context, string path, YamlNode node, YamlNode? keyNode) =>
        OpenWithKeys(context, path, node, keyNode, null);

    private static MappingReader? OpenWithKeys(ParseContext context, string path, YamlNode node, YamlNode? keyNode, IReadOnlyList<string>? keys)
    {
        if (ScalarValues.IsNull(node))
        {
            return new MappingReader(context, path, keyNode ?? node);
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Report(DiagnosticDescriptors.WrongType, node, path.Length == 0 ? "The spec" : path, "a mapping of keys to values", ScalarValues.Describe(node));
            return null;
        }

        var reader = new MappingReader(context, path, mapping);
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key } keyScalar)
            {
                context.Report(DiagnosticDescriptors.WrongType, entry.Key, reader.FieldPath("(key)"), "a plain text key", ScalarValues.Describe(entry.Key));
                continue;
            }

            if (keys is not null && !keys.Contains(key))
            {
                context.Report(DiagnosticDescriptors.UnknownKey, keyScalar, key, reader.Description, Suggestions.Hint(key, keys), string.Join(", ", keys));
                continue;
            }

            reader._entries[key] = new KeyValuePair<YamlScalarNode, YamlNode>(keyScalar, entry.Value);
        }

        return reader;
    }

    /// <summary>Creates a reader over no entries, for a section the spec leaves out, so every read returns its default.</summary>
    public static MappingReader Empty(ParseContext context, string path, YamlNode location) => new(context, path, location);

    /// <summary>Returns the path of a field of this mapping, such as <c>sparse.bits</c>.</summary>
    public string FieldPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    /// <summary>Returns the value of <paramref name="key"/>, or null when the key is absent.</summary>
    public YamlNode? Value(string key) => _entries.TryGetValue(key, out KeyValuePair<YamlScalarNode, YamlNode> entry) ? entry.Value : null;

    /// <summary>Returns the key node of <paramref name="key"/>, or null when the key is absent.</summary>
    public YamlScalarNode? Key(string key) => _entries.TryGetValue(key, out KeyValuePair<YamlScalarNode, YamlNode> entry) ? entry.Key : null;

    /// <summary>Returns the value of <paramref name="key"/> when present and not empty.</summary>
    public YamlNode? NonNullValue(string key)
    {
        YamlNode? value = Value(key);
        return value is null || ScalarValues.IsNull(value) ? null : value;
    }

    /// <summary>Returns the node a problem with <paramref name="key"/> is reported at: its value, or its key when the value is empty.</summary>
    public YamlNode NodeOf(string key) => NonNullValue(key) ?? (YamlNode?)Key(key) ?? Location;

    /// <summary>Reads a text field. Reports HR0003 when it is required and absent or empty, and HR0004 for a list, a mapping or empty quoted text.</summary>
    public string? ReadText(string key, bool required)
    {
        YamlNode? value = NonNullValue(key);
        if (value is null)
        {
            if (required)
            {
                _context.Report(DiagnosticDescriptors.MissingField, Key(key) ?? Location, key, Description);
            }

            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            _context.Report(DiagnosticDescriptors.WrongType, value, FieldPath(key), "text", ScalarValues.Describe(value));
            return null;
        }

        string text = scalar.Value ?? string.Empty;
        if (text.Trim().Length == 0)
        {
            _context.Report(DiagnosticDescriptors.WrongType, value, FieldPath(key), "non-empty text", "'" + text + "'");
            return null;
        }

        return text;
    }

    /// <summary>Reads a whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public int ReadInteger(string key, int defaultValue, int minimum, int maximum)
    {
        YamlNode? value = NonNullValue(key);
        if (value is null)
        {
            return defaultValue;
        }

        return ReadInteger(value, FieldPath(key), minimum, maximum) ?? defaultValue;
    }

    /// <summary>Reads <paramref name="node"/> as a whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>], or returns null after reporting a problem.</summary>
    public int? ReadInteger(YamlNode node, string path, int minimum, int maximum)
    {
        if (node is not YamlScalarNode scalar)
        {
            _context.Report(DiagnosticDescriptors.WrongType, node, path, "a whole number", ScalarValues.Describe(node));
            return null;
        }

        string text = scalar.Value ?? string.Empty;
        if (!ScalarValues.TryParseInteger(text, out long number, out bool overflow) && !overflow)
        {
            _context.Report(DiagnosticDescriptors.WrongType, node, path, "a whole number", ScalarValues.Describe(node));
            return null;
        }

        if (overflow || number < minimum || number > maximum)
        {
            _context.Report(DiagnosticDescriptors.OutOfRange, node, path, text, DescribeRange(minimum, maximum));
            return null;
        }

        return (int)number;
    }

    /// <summary>
    /// Reads a finite number that is at least <paramref name="minimum"/>, or greater than it when
    /// <paramref name="exclusive"/> is true.
    /// </summary>
    public double ReadNumber(string key, double defaultValue, double minimum, bool exclusive)
    {
        YamlNode? value = NonNullValue(key);
        if (value is null)
        {
            return defaultValue;
        }

        if (value is not YamlScalarNode scalar || !ScalarValues.TryParseDouble(scalar.Value ?? string.Empty, out double number))
        {
            _context.Report(DiagnosticDescriptors.WrongType, value, FieldPath(key), "a number", ScalarValues.Describe(value));
            return defaultValue;
        }

        bool inRange = exclusive ? number > minimum : number >= minimum;
        if (double.IsNaN(number) || double.IsInfinity(number) || !inRange)
        {
            string bound = ScalarValues.FormatDouble(minimum);
            _context.Report(DiagnosticDescriptors.OutOfRange, value, FieldPath(key), scalar.Value ?? string.Empty, "a finite number " + (exclusive ? "greater than " : "of at least ") + bound);
            return defaultValue;
        }

        return number;
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public bool ReadBoolean(string key, bool defaultValue)
    {
        YamlNode? value = NonNullValue(key);
        if (value is null)
        {
            return defaultValue;
        }

        if (value is YamlScalarNode scalar && ScalarValues.TryParseBoolean(scalar.Value ?? string.Empty, out bool flag))
        {
            return flag;
        }

        _context.Report(DiagnosticDescriptors.WrongType, value, FieldPath(key), "true or false", ScalarValues.Describe(value));
        return defaultValue;
    }

    /// <summary>Reads one of <paramref name="choices"/> (exact spelling), or reports HR0010 with the nearest choice.</summary>
    public string ReadChoice(string key, string defaultValue, IReadOnlyList<string> choices)
    {
        YamlNode? value = NonNullValue(key);
        if (value is null)
        {
            return defaultValue;
        }

        return ReadChoice(value, FieldPath(key), choices) ?? defaultValue;
    }

    /// <summary>Reads <paramref name="node"/> as one of <paramref name="choices"/>, or returns null after reporting a problem.</summary>
    public string? ReadChoice(YamlNode node, string path, IReadOnlyList<string> choices)
    {
        if (node is not YamlScalarNode { Value: { } text })
        {
            _context.Report(DiagnosticDescriptors.WrongType, node, path, "one of: " + string.Join(", ", choices), ScalarValues.Describe(node));
            return null;
        }

        if (choices.Contains(text))
        {
            return text;
        }

        _context.Report(DiagnosticDescriptors.UnknownValue, node, path, text, Suggestions.Hint(text, choices), string.Join(", ", choices));
        return null;
    }

    /// <summary>Returns the value of <paramref name="key"/> as a list, or null when it is absent, empty, or not a list (reported as HR0004).</summary>
    public YamlSequenceNode? ReadList(string key, out bool invalid)
    {
        invalid = false;
        YamlNode? value = NonNullValue(key);
        if (value is null)
        {
            return null;
        }

        if (value is YamlSequenceNode sequence)
        {
            return sequence;
        }

        _context.Report(DiagnosticDescriptors.WrongType, value, FieldPath(key), "a list", ScalarValues.Describe(value));
        invalid = true;
        return null;
    }

    /// <summary>Opens the value of <paramref name="key"/> as a nested mapping (empty when the key is absent), or returns null after reporting a wrong type.</summary>
    public MappingReader? OpenMapping(string key, IReadOnlyList<string> keys)
    {
        YamlNode? value = Value(key);
        if (value is null)
        {
            return Empty(_context, FieldPath(key), Location);
        }

        return Open(_context, FieldPath(key), value, Key(key), keys);
    }

    private static string DescribeRange(int minimum, int maximum)
    {
        string low = minimum.ToString(CultureInfo.InvariantCulture);
        string high = maximum.ToString(CultureInfo.InvariantCulture);
        return maximum == int.MaxValue && minimum != int.MinValue
            ? "a whole number of at least " + low
            : "a whole number from " + low + " to " + high;
    }
}
