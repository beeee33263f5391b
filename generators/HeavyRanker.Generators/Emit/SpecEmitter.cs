using System.Collections.Generic;
using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Emit;

/// <summary>Renders the templates for one valid spec.</summary>
internal static class SpecEmitter
{
    /// <summary>
    /// Renders the record, feature extractor and definition of <paramref name="spec"/>, and its
    /// TorchSharp network when the compilation references HeavyRanker.Training.
    /// </summary>
    public static IReadOnlyList<GeneratedFile> Emit(RankerSpec spec, EmitOptions options)
    {
        ModelViewModel model = ViewModelBuilder.Build(spec);
        var files = new List<GeneratedFile>
        {
            new(model.RecordName + ".g.cs", Templates.Render(Templates.Record, model)),
            new(model.ExtractorName + ".g.cs", Templates.Render(Templates.FeatureExtractor, model)),
            new(model.DefinitionName + ".g.cs", Templates.Render(Templates.Definition, model)),
        };

        if (options.ReferencesTraining)
        {
            files.Add(new GeneratedFile(model.NetworkName + ".g.cs", Templates.Render(Templates.Network, model)));
        }

        return files;
    }
}
