using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HeavyRanker.Generators.Diagnostics;

/// <summary>
/// The one table of generator diagnostics. Ids are stable: docs/diagnostics.md documents each
/// with an example, and tests assert id, location and message.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "HeavyRanker.Spec";

    // Message arguments are filled in by Parsing/*: {0}-style paths are dotted spec paths such
    // as 'features[3].type' (list indexes count from 0).

    public static readonly DiagnosticDescriptor InvalidYaml = Error("HR0001", "Spec is not valid YAML", "The spec is not valid YAML: {0}. Fix the syntax at this position.");

    public static readonly DiagnosticDescriptor UnknownKey = Error("HR0002", "Unknown key in spec", "Unknown key '{0}' in {1}{2}. Remove it or use one of: {3}.");

    public static readonly DiagnosticDescriptor MissingField = Error("HR0003", "Required field missing", "Required field '{0}' is missing in {1}. Add it.");

    public static readonly DiagnosticDescriptor WrongType = Error("HR0004", "Value has the wrong type", "'{0}' must be {1}, but it is {2}.");

    public static readonly DiagnosticDescriptor OutOfRange = Error("HR0005", "Value out of range", "'{0}' is {1}, but it must be {2}.");

    public static readonly DiagnosticDescriptor DuplicateFeature = Error("HR0006", "Duplicate feature", "Feature '{0}' is declared more than once (first at line {1}). Remove or rename one of them.");

    public static readonly DiagnosticDescriptor IdentifierCollision = Error("HR0007", "Names collide as C# identifiers", "{0} and {1} both become the C# identifier '{2}'. Rename one of them.");

    public static readonly DiagnosticDescriptor ZeroScoreWeight = Error("HR0008", "Total score weight is zero", "The score weights of all tasks add up to 0, so the score is undefined. Give at least one task a positive 'score_weight'.");

    public static readonly DiagnosticDescriptor LabelIsFeature = Error("HR0009", "Label or weight column is also a feature", "Column '{0}' is both {1} and the column of feature '{2}', so a training target would become a model input. Use a different column for one of them.");

    public static readonly DiagnosticDescriptor UnknownValue = Error("HR0010", "Unknown value", "'{0}' is '{1}', which is not a known value{2}. Use one of: {3}.");

    public static readonly DiagnosticDescriptor DuplicateTask = Error("HR0011", "Duplicate task", "Task '{0}' is declared more than once (first at line {1}). Rename one of them.");

    public static readonly DiagnosticDescriptor ResidualShapeMismatch = Error("HR0012", "Residual shapes differ", "'{0}' has 'residual: true', but its input length {1} differs from its output length {2}. Make them equal (a dense output size equal to the input length and a conv stride of 1), or turn the residual off.");

    public static readonly DiagnosticDescriptor InvalidDefault = Error("HR0013", "Invalid default value", "The default of feature '{0}', {1}, is not a valid {2} value: {3}.");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error("HR0014", "Invalid name", "'{0}' is '{1}', which is not a valid {2}. {3}");

    public static readonly DiagnosticDescriptor DuplicateModel = Error("HR0015", "Two specs declare the same model", "Model '{0}' in namespace '{1}' is also declared in '{2}', so both would generate the same types. Give each spec its own model name or namespace.");

    public static readonly DiagnosticDescriptor EmptySpec = Error("HR0016", "Spec is empty", "The spec file is empty or could not be read. Start from the complete example in docs/spec-reference.md.");

    public static readonly DiagnosticDescriptor EmptyBlock = Error("HR0017", "Block does nothing", "'{0}' has neither a dense nor a conv step. Give it 'dense', 'conv' or both, or remove the block.");

    public static readonly DiagnosticDescriptor GeneratorFailure = Error("HR0099", "Generator failed", "The HeavyRanker generator failed on this spec: {0}. Please report this with the spec attached.");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToDictionary(descriptor => descriptor.Id);

    /// <summary>Returns the descriptor with <paramref name="id"/>.</summary>
    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: "docs/diagnostics.md#" + id.ToLowerInvariant());
}
