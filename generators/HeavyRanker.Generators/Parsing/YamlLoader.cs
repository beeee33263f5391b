using System;
using System.Collections.Generic;
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
            // YamlDotNet documents only YamlException. These cover a parser bug on odd input, which is still the input's fault.
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
            context.Report(DiagnosticDescriptors.InvalidYaml, second.Start, context.LengthOf(second), "the file contains " + stream.Documents.Count + " YAML documents, but a spec must be exactly one (remove the '---' separators)");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>
    /// Passes parser events through and throws a <see cref="YamlException"/> for YAML that
    /// YamlDotNet 18.1.0 loads but cannot handle safely: lists and mappings nested deeper than
    /// <see cref="MaxDepth"/>, an alias inside the list or mapping it refers to (a cycle), and a
    /// mapping key that is a list, a mapping or an alias. YamlDotNet hashes keys recursively, so
    /// a cyclic key (<c>? &amp;k [*k]</c>) overflows the stack, and nested aliases in a key take
    /// exponential time. A spec needs none of these.
    /// </summary>
    private sealed class DepthLimitedParser : IParser
    {
        private readonly IParser _inner;

        // One entry per open list or mapping, innermost last.
        private readonly List<OpenCollection> _open = new();

        public DepthLimitedParser(IParser inner) => _inner = inner;

        public ParsingEvent? Current => _inner.Current;

        public bool MoveNext()
        {
            if (!_inner.MoveNext())
            {
                return false;
            }

            ParsingEvent current = _inner.Current!;
            switch (current)
            {
                case SequenceStart or MappingStart:
                    RejectComplexKey(current, "a list or mapping");
                    AnchorName anchor = ((NodeEvent)current).Anchor;
                    _open.Add(new OpenCollection(anchor.IsEmpty ? string.Empty : anchor.Value, current is MappingStart));
                    if (_open.Count > MaxDepth)
                    {
                        throw new YamlException(current.Start, current.End, "lists and mappings nest more than " + MaxDepth + " levels deep");
                    }

                    break;
                case SequenceEnd or MappingEnd:
                    if (_open.Count > 0)
                    {
                        _open.RemoveAt(_open.Count - 1);
                    }

                    CompleteNode();
                    break;
                case AnchorAlias alias:
                    if (_open.Exists(collection => collection.Anchor == alias.Value.Value))
                    {
                        throw new YamlException(current.Start, current.End, "alias '*" + alias.Value.Value + "' refers to a list or mapping that contains it, and a spec cannot be recursive");
                    }

                    RejectComplexKey(current, "an alias");
                    CompleteNode();
                    break;
                case Scalar:
                    CompleteNode();
                    break;
            }

            return true;
        }

        private void RejectComplexKey(ParsingEvent current, string what)
        {
            if (_open.Count > 0 && _open[_open.Count - 1] is { IsMapping: true, ExpectingKey: true })
            {
                throw new YamlException(current.Start, current.End, "a mapping key is " + what + ", but spec keys are plain text");
            }
        }

        /// <summary>Records that a node of the innermost open mapping ended, so the next node is a value after a key and a key after a value.</summary>
        private void CompleteNode()
        {
            if (_open.Count > 0 && _open[_open.Count - 1].IsMapping)
            {
                _open[_open.Count - 1].ExpectingKey = !_open[_open.Count - 1].ExpectingKey;
            }
        }

        private sealed class OpenCollection
        {
            public OpenCollection(string anchor, bool isMapping)
            {
                Anchor = anchor;
                IsMapping = isMapping;
                ExpectingKey = isMapping;
            }

            /// <summary>The collection's anchor name, or an empty string when it has none.</summary>
            public string Anchor { get; }

            public bool IsMapping { get; }

            public bool ExpectingKey { get; set; }
        }
    }
}
