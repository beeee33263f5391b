using System.Collections.Generic;
using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Emit;

/// <summary>Renders the templates for one valid spec.</summary>
internal static class SpecEmitter
{
    /// <summary>
    /// Renders the record, feature extractor, definition, record binder, model class and scorer of
    /// <paramref name="spec"/>, and its
    /// TorchSharp network when the compilation references HeavyRanker.Training.
    /// </summary>
    public static IReadOnlyList<GeneratedFile> Emit(RankerSpec spec, EmitOptions options)
    {
        ModelViewModel model = ViewModelBuilder.Build(spec);
        var files = new List<GeneratedFile>
        {
            new(HintName(model, model.RecordName), Templates.Render(Templates.Record, model)),
            new(HintName(model, model.ExtractorName), Templates.Render(Templates.FeatureExtractor, model)),
            new(HintName(model, model.DefinitionName), Templates.Render(Templates.Definition, model)),
            new(HintName(model, model.Name + "RecordBinder"), Templates.Render(Templates.RecordBinder, model)),
            new(HintName(model, model.Name + "Model"), Templates.Render(Templates.Model, model)),
            new(HintName(model, model.Name + "Scorer"), Templates.Render(Templates.Scorer, model)),
        };

        if (options.ReferencesTraining)
        {
            files.Add(new GeneratedFile(HintName(model, model.NetworkName), Templates.Render(Templates.Network, model)));
        }

        return files;
    }

    /// <summary>
    /// Returns <c>&lt;Namespace&gt;.&lt;Type&gt;.g.cs</c>. Hint names must be unique within the generator, and
    /// the namespace keeps two models of the same name apart.
    /// </summary>
    // Two specs that declare the same model in the same namespace would collide here, so the
    // pipeline reports HR0015 for the later one and never emits it.
    private static string HintName(ModelViewModel model, string typeName) => model.Namespace + "." + typeName + ".g.cs";
}
