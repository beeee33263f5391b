using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HeavyRanker.Generators.Model;

/// <summary>
/// A diagnostic as an equatable value (descriptor id, message arguments and a location in the
/// spec file), so parse results stay cacheable; <see cref="ToDiagnostic"/> makes the Roslyn object
/// only when reporting.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, int Line, int Column, int Length, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = Diagnostics.DiagnosticDescriptors.ById(Id);
        var start = new LinePosition(System.Math.Max(Line - 1, 0), System.Math.Max(Column - 1, 0));
        var end = new LinePosition(start.Line, start.Character + System.Math.Max(Length, 0));
        Location location = Location.Create(FilePath, new TextSpan(0, 0), new LinePositionSpan(start, end));
        return Diagnostic.Create(descriptor, location, Arguments.Select(argument => (object)argument).ToArray());
    }
}

/// <summary>The result of parsing one spec file: the spec when valid, and every problem found.</summary>
internal sealed record SpecParseResult(RankerSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
