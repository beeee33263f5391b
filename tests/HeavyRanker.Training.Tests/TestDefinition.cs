using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Training.Tests;

/// <summary>A small hand-written model definition, standing in for a generated one.</summary>
internal sealed class TestDefinition : IModelDefinition
{
    public TestDefinition(
        int continuousCount = 3,
        int binaryCount = 2,
        bool sparseNotContinuous = true,
        bool sparseContinuous = true,
        int sparseBits = 6,
        int embeddingSize = 4,
        int taskCount = 2,
        IReadOnlyList<BlockDefinition>? blocks = null,
        IReadOnlyList<int>? topHiddenUnits = null,
        TrainingDefinition? training = null)
    {
        ContinuousFeatures = Enumerable.Range(0, continuousCount).Select(index => $"c{index}").ToArray();
        BinaryFeatures = Enumerable.Range(0, binaryCount).Select(index => $"b{index}").ToArray();
        HasSparseNotContinuous = sparseNotContinuous;
        HasSparseContinuous = sparseContinuous;
        SparseBits = sparseBits;
        EmbeddingSize = embeddingSize;
        Tasks = Enumerable.Range(0, taskCount).Select(index => new TaskDefinition($"task{index}", $"label{index}", index == 0 ? 0.9 : 0.1)).ToArray();
        blocks ??= new[]
        {
            new BlockDefinition(8, 3, 2, 1, "relu", false),
            new BlockDefinition(8, 3, 2, 1, "relu", true),
            new BlockDefinition(4, 3, 2, 1, "relu", false),
        };
        Architecture = new ArchitectureDefinition("clemnet", blocks, topHiddenUnits ?? Array.Empty<int>(), "relu");
        Training = training ?? new TrainingDefinition("sgd", 0.1, 16, 1, 10, "pr_auc", 3, 0.0, 7);
        InputWidth = ClemNetLayout.InputWidth(continuousCount, binaryCount, sparseNotContinuous, sparseContinuous, embeddingSize);
        Tensors = ClemNetLayout.Tensors(
            continuousCount,
            binaryCount,
            sparseNotContinuous,
            sparseContinuous,
            sparseBits,
            embeddingSize,
            taskCount,
            blocks.Select(block => new ClemNetBlockShape(block.DenseUnits, block.ConvKernel, block.ConvFilters, block.ConvStride, block.Residual)).ToArray(),
            Architecture.TopHiddenUnits);
    }

    public string Name => "Test";

    public string SpecHash => new string('0', 64);

    public string SpecJson => "{}";

    public IReadOnlyList<FeatureDefinition> Features => Array.Empty<FeatureDefinition>();

    public IReadOnlyList<string> ContinuousFeatures { get; }

    public IReadOnlyList<string> BinaryFeatures { get; }

    public bool HasSparseNotContinuous { get; }

    public bool HasSparseContinuous { get; }

    public int SparseBits { get; }

    public int EmbeddingSize { get; }

    public int InputWidth { get; }

    public IReadOnlyList<TaskDefinition> Tasks { get; }

    public string? DislikeColumn => "dislike";

    public string? WeightColumn => null;

    public ArchitectureDefinition Architecture { get; }

    public TrainingDefinition Training { get; }

    public IReadOnlyList<TensorShape> Tensors { get; }
}
