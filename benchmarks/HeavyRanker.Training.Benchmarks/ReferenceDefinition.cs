using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Training.Benchmarks;

/// <summary>
/// The reference heavy-ranker architecture (two towers of four blocks: dense 1024, 512, 256, 128,
/// each with a kernel-3, 5-filter convolution) over a configurable number of features.
/// </summary>
internal sealed class ReferenceDefinition : IModelDefinition
{
    public ReferenceDefinition(int continuousCount, int binaryCount, int sparseBits, int embeddingSize, int batchSize)
    {
        ContinuousFeatures = Enumerable.Range(0, continuousCount).Select(index => $"continuous.{index}").ToArray();
        BinaryFeatures = Enumerable.Range(0, binaryCount).Select(index => $"binary.{index}").ToArray();
        SparseBits = sparseBits;
        EmbeddingSize = embeddingSize;
        Tasks = new[] { new TaskDefinition("open", "label", 0.9), new TaskDefinition("engage", "label.engagement", 0.1) };
        var blocks = new[] { 1024, 512, 256, 128 }
            .Select(units => new BlockDefinition(units, 3, 5, 1, "relu", false))
            .ToArray();
        Architecture = new ArchitectureDefinition("clemnet", blocks, Array.Empty<int>(), "relu");
        Training = new TrainingDefinition("sgd", 0.01, batchSize, 1, int.MaxValue, "pr_auc", 5, 1e-4, 42);
        InputWidth = ClemNetLayout.InputWidth(continuousCount, binaryCount, true, true, embeddingSize);
        Tensors = ClemNetLayout.Tensors(
            continuousCount,
            binaryCount,
            true,
            true,
            sparseBits,
            embeddingSize,
            Tasks.Count,
            blocks.Select(block => new ClemNetBlockShape(block.DenseUnits, block.ConvKernel, block.ConvFilters, block.ConvStride, block.Residual)).ToArray(),
            Architecture.TopHiddenUnits);
    }

    public string Name => "ReferenceBenchmark";

    public string SpecHash => new string('0', 64);

    public string SpecJson => "{}";

    public IReadOnlyList<FeatureDefinition> Features => Array.Empty<FeatureDefinition>();

    public IReadOnlyList<string> ContinuousFeatures { get; }

    public IReadOnlyList<string> BinaryFeatures { get; }

    public bool HasSparseNotContinuous => true;

    public bool HasSparseContinuous => true;

    public int SparseBits { get; }

    public int EmbeddingSize { get; }

    public int InputWidth { get; }

    public IReadOnlyList<TaskDefinition> Tasks { get; }

    public string? DislikeColumn => null;

    public string? WeightColumn => null;

    public ArchitectureDefinition Architecture { get; }

    public TrainingDefinition Training { get; }

    public IReadOnlyList<TensorShape> Tensors { get; }
}
