using System.Collections.Generic;
using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Emit;

/// <summary>Renders the templates for one valid spec.</summary>
internal static class SpecEmitter
{
    public static IReadOnlyList<GeneratedFile> Emit(RankerSpec spec, EmitOptions options)
    {
        // TODO: render Record, FeatureExtractor and Definition templates (in progress).
        return new List<GeneratedFile>();
    }
}
