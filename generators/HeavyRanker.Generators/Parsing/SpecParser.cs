using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Parsing;

/// <summary>Parses and validates one <c>.ranker.yaml</c> spec into a <see cref="RankerSpec"/>.</summary>
internal static class SpecParser
{
    public const string FileSuffix = ".ranker.yaml";

    public static SpecParseResult Parse(string path, string? text)
    {
        // TODO: parse with YamlDotNet's representation model and validate (in progress).
        return new SpecParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
    }
}
