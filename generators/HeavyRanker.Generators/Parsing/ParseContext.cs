using System;
using System.Collections.Generic;
using System.Linq;
using HeavyRanker.Generators.Model;
using Microsoft.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>
/// The state of one parse: the spec text, for computing locations, and the diagnostics found so
/// far. Every diagnostic the parser reports is an error, so any report makes the spec invalid.
/// </summary>
internal sealed class ParseContext
{
    private readonly List<DiagnosticInfo> _diagnostics = new();

    public ParseContext(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }

    public string Text { get; }

    public bool HasErrors => _diagnostics.Count > 0;

    /// <summary>Number of diagnostics reported so far. Callers compare it before and after a step to learn whether that step failed.</summary>
    public int ErrorCount => _diagnostics.Count;

    /// <summary>Reports <paramref name="descriptor"/> at <paramref name="node"/>, spanning the node's text on its first line.</summary>
    public void Report(DiagnosticDescriptor descriptor, YamlNode node, params string[] arguments) =>
        Report(descriptor, node.Start, LengthOf(node), arguments);

    /// <summary>Reports <paramref name="descriptor"/> at a position in the spec file.</summary>
    public void Report(DiagnosticDescriptor descriptor, Mark start, int length, params string[] arguments)
    {
        int line = (int)Math.Max(1, Math.Min(start.Line, int.MaxValue));
        int column = (int)Math.Max(1, Math.Min(start.Column, int.MaxValue));
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, Path, line, column, Math.Max(length, 0), new EquatableArray<string>(arguments)));
    }

    /// <summary>Returns every diagnostic, ordered by position so the output does not depend on the order of the checks.</summary>
    public EquatableArray<DiagnosticInfo> ToDiagnostics() =>
        new(_diagnostics.OrderBy(diagnostic => diagnostic.Line).ThenBy(diagnostic => diagnostic.Column));

    /// <summary>
    /// Computes the length a diagnostic at <paramref name="node"/> underlines. A scalar on one line
    /// spans its text, quotes included. YamlDotNet does not record where a mapping or list ends,
    /// so those (and multi-line scalars) span the rest of their first line.
    /// </summary>
    public int LengthOf(YamlNode node)
    {
        long start = node.Start.Index;
        if (node is YamlScalarNode && node.Start.Line == node.End.Line && node.End.Index >= start)
        {
            return (int)Math.Min(node.End.Index - start, int.MaxValue);
        }

        if (start < 0 || start >= Text.Length)
        {
            return 0;
        }

        int lineEnd = Text.IndexOfAny(new[] { '\r', '\n' }, (int)start);
        if (lineEnd < 0)
        {
            lineEnd = Text.Length;
        }

        string rest = Text.Substring((int)start, lineEnd - (int)start).TrimEnd();
        return rest.Length;
    }
}
