using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Cli.Training;

/// <summary>
/// A compiled definition with other training settings. Everything else, the spec hash included,
/// is the compiled spec's, so checkpoints still validate against it; the overrides are recorded
/// in <c>training-log.json</c>.
/// </summary>
internal sealed class TrainingDefinitionOverride(IModelDefinition compiled, TrainingDefinition training) : IModelDefinition
{
    public string Name => compiled.Name;

    public string SpecHash => compiled.SpecHash;

    public string SpecJson => compiled.SpecJson;

    public IReadOnlyList<FeatureDefinition> Features => compiled.Features;

    public IReadOnlyList<string> ContinuousFeatures => compiled.ContinuousFeatures;

    public IReadOnlyList<string> BinaryFeatures => compiled.BinaryFeatures;

    public bool HasSparseNotContinuous => compiled.HasSparseNotContinuous;

    public bool HasSparseContinuous => compiled.HasSparseContinuous;

    public int SparseBits => compiled.SparseBits;

    public int EmbeddingSize => compiled.EmbeddingSize;

    public int InputWidth => compiled.InputWidth;

    public IReadOnlyList<TaskDefinition> Tasks => compiled.Tasks;

    public string? DislikeColumn => compiled.DislikeColumn;

    public string? WeightColumn => compiled.WeightColumn;

    public ArchitectureDefinition Architecture => compiled.Architecture;

    public TrainingDefinition Training => training;

    public IReadOnlyList<TensorShape> Tensors => compiled.Tensors;
}
