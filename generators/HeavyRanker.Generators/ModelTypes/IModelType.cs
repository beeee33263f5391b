using System.Collections.Generic;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.Parsing;

namespace HeavyRanker.Generators.ModelTypes;

/// <summary>An architecture a spec can name in <c>architecture.type</c>, with the parser of its parameters.</summary>
internal interface IModelType
{
    /// <summary>The name written in <c>architecture.type</c>, lower snake case.</summary>
    string Name { get; }

    /// <summary>The keys this type accepts in the <c>architecture</c> mapping, besides <c>type</c>.</summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>
    /// Parses and validates the parameters, filling in defaults. Reports problems on
    /// <paramref name="context"/> and returns null when there were any.
    /// <paramref name="inputWidth"/> is the model input width F, or null when the features have
    /// errors, in which case checks that depend on it are skipped.
    /// </summary>
    ArchitectureSpec? Parse(MappingReader architecture, ParseContext context, int? inputWidth);
}
