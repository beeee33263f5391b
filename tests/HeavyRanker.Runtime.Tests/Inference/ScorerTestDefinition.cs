using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Tests.Inference;

/// <summary>A small two-task ClemNet definition whose architecture and tensor list agree, for scorer tests.</summary>
internal sealed class ScorerTestDefinition : IModelDefinition
{
    private static readonly BlockDefinition[] BlockList =
    {
        new(12, 3, 2, 1, "relu", false),
        new(12, null, null, 1, "tanh", true),
        new(5, 3, 2, 2, "relu", false),
    };

    public ScorerTestDefinition()
    {
        Architecture = new ArchitectureDefinition("clemnet", BlockList, new[] { 4 }, "relu");
        InputWidth = ClemNetLayout.InputWidth(ContinuousFeatures.Count, BinaryFeatures.Count, true, false, EmbeddingSize);
        Tensors = ClemNetLayout.Tensors(
            ContinuousFeatures.Count,
            BinaryFeatures.Count,
            true,
            false,
            SparseBits,
            EmbeddingSize,
            Tasks.Count,
            BlockList.Select(block => new ClemNetBlockShape(block.DenseUnits, block.ConvKernel, block.ConvFilters, block.ConvStride, block.Residual)).ToArray(),
            Architecture.TopHiddenUnits);
    }

    public string Name => "ScorerTest";

    public string SpecHash => new('0', 64);

    public string SpecJson => "{}";

    public IReadOnlyList<FeatureDefinition> Features => Array.Empty<FeatureDefinition>();

    public IReadOnlyList<string> ContinuousFeatures { get; } = new[] { "c0", "c1", "c2" };

    public IReadOnlyList<string> BinaryFeatures { get; } = new[] { "b0" };

    public bool HasSparseNotContinuous => true;

    public bool HasSparseContinuous => false;

    public int SparseBits => 5;

    public int EmbeddingSize => 3;

    public int InputWidth { get; }

    public IReadOnlyList<TaskDefinition> Tasks { get; } = new[] { new TaskDefinition("open", "label", 0.9), new TaskDefinition("engage", "label.engagement", 0.1) };

    public string? DislikeColumn => null;

    public string? WeightColumn => null;

    public ArchitectureDefinition Architecture { get; }

    public TrainingDefinition Training { get; } = new("sgd", 0.01, 32, 1, 100, "pr_auc", 3, 0.0, 1);

    public IReadOnlyList<TensorShape> Tensors { get; }
}
