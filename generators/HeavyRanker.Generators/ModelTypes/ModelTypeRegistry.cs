using System.Collections.Generic;
using System.Linq;

namespace HeavyRanker.Generators.ModelTypes;

/// <summary>
/// The architectures a spec can name. A new architecture implements <see cref="IModelType"/> and
/// is added to <see cref="All"/>. The parser and its diagnostics then accept it, and
/// docs/spec-reference.md should list it.
/// </summary>
internal static class ModelTypeRegistry
{
    /// <summary>The type used when a spec leaves out <c>architecture.type</c>.</summary>
    public static readonly IModelType Default = new ClemNetModelType();

    /// <summary>Every registered model type.</summary>
    public static readonly IReadOnlyList<IModelType> All = new[] { Default };

    /// <summary>Names of every registered model type, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(type => type.Name).ToArray();

    /// <summary>Returns the model type called <paramref name="name"/>, or null when none is registered.</summary>
    public static IModelType? Find(string name) => All.FirstOrDefault(type => type.Name == name);
}
