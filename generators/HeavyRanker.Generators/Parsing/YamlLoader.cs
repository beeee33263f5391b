using System;
using System.IO;
using HeavyRanker.Generators.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>Loads spec text into YamlDotNet's representation model, turning every load failure into HR0001.</summary>
internal static class YamlLoader
{
    /// <summary>
    /// Maximum nesting of lists and mappings. A valid spec needs 5 levels (the conv mapping of a
    /// block). YamlDotNet builds nodes recursively, and this limit keeps it far from a stack
    /// overflow, which would crash the compiler instead of reporting a diagnostic.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>Returns the root node of the single YAML document in <paramref name="context"/>'s text, or null after reporting why there is none.</summary>
    public static YamlNode? Load(ParseContext context)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(context.Text))));
        }
        catch (YamlException exception)
        {
            int length = exception.Start.Line == exception.End.Line ? (int)Math.Max(exception.End.Index - exception.Start.Index, 0) : 0;
            context.Report(DiagnosticDescriptors.InvalidYaml, exception.Start, length, exception.Message.TrimEnd('.'));
            return null;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet documents only YamlException; these cover a parser bug on odd input, which is still the input's fault.
            context.Report(DiagnosticDescriptors.InvalidYaml, Mark.Empty, 0, exception.Message.TrimEnd('.'));
            return null;
        }

        if (stream.Documents.Count == 0 || ScalarValues.IsNull(stream.Documents[0].RootNode))
        {
            context.Report(DiagnosticDescriptors.EmptySpec, Mark.Empty, 0);
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            YamlNode second = stream.Documents[1].RootNode;
            context.Report(DiagnosticDescriptors.InvalidYaml, second.Start, context.LengthOf(second), "the file holds " + stream.Documents.Count + " YAML documents, but a spec is exactly one (remove the '---' separators)");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>Passes parser events through and throws a <see cref="YamlException"/> once lists and mappings nest deeper than <see cref="MaxDepth"/>.</summary>
    private sealed class DepthLimitedParser : IParser
    {
        private readonly IParser _inner;
        private int _depth;

        public DepthLimitedParser(IParser inner) => _inner = inner;

        public ParsingEvent? Current => _inner.Current;

        public bool MoveNext()
        {
            if (!_inner.MoveNext())
            {
                return false;
            }

            switch (_inner.Current)
            {
                case SequenceStart or MappingStart:
                    _depth++;
                    if (_depth > MaxDepth)
                    {
                        ParsingEvent start = _inner.Current;
                        throw new YamlException(start.Start, start.End, "lists and mappings nest more than " + MaxDepth + " levels deep");
                    }

                    break;
                case SequenceEnd or MappingEnd:
                    _depth--;
                    break;
            }

            return true;
        }
    }
}
