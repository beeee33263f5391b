using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Tests.Checkpoints;

/// <summary>
/// A small hand-written model definition: two ClemNet towers of two blocks over two continuous
/// features, one binary feature and a 16-column sparse group with embedding size 3.
/// </summary>
internal sealed class TestModelDefinition : IModelDefinition
{
    public TestModelDefinition(IReadOnlyList<string>? continuousFeatures = null, IReadOnlyList<string>? binaryFeatures = null)
    {
        ContinuousFeatures = continuousFeatures ?? new[] { "user.age", "user.followers" };
        BinaryFeatures = binaryFeatures ?? new[] { "user.verified" };
        Tensors = ClemNetLayout.Tensors(
            ContinuousFeatures.Count,
            BinaryFeatures.Count,
            HasSparseNotContinuous,
            HasSparseContinuous,
            SparseBits,
            EmbeddingSize,
            Tasks.Count,
            new[]
            {
                new ClemNetBlockShape(denseUnits: 4, convKernel: 3, convFilters: 2, convStride: 1, residual: false),
                new ClemNetBlockShape(denseUnits: 2, convKernel: null, convFilters: null, convStride: 1, residual: false),
            },
            Array.Empty<int>());
    }

    public string Name => "TestRanker";

    public string SpecHash => "0123456789abcdef";

    public string SpecJson => "{}";

    public IReadOnlyList<FeatureDefinition> Features => Array.Empty<FeatureDefinition>();

    public IReadOnlyList<string> ContinuousFeatures { get; }

    public IReadOnlyList<string> BinaryFeatures { get; }

    public bool HasSparseNotContinuous => true;

    public bool HasSparseContinuous => false;

    public int SparseBits => 4;

    public int EmbeddingSize => 3;

    public int InputWidth => ClemNetLayout.InputWidth(ContinuousFeatures.Count, BinaryFeatures.Count, HasSparseNotContinuous, HasSparseContinuous, EmbeddingSize);

    public IReadOnlyList<TaskDefinition> Tasks { get; } = new[]
    {
        new TaskDefinition("open", "label", 0.9),
        new TaskDefinition("engagement", "label.engagement", 0.1),
    };

    public string? DislikeColumn => "label.ntabDislike";

    public string? WeightColumn => null;

    public ArchitectureDefinition Architecture => new("clemnet", Array.Empty<BlockDefinition>(), Array.Empty<int>(), "relu");

    public TrainingDefinition Training => new("sgd", 0.01, 32, 1, 100, "pr_auc", 3, 0.0, 1);

    public IReadOnlyList<TensorShape> Tensors { get; }

    /// <summary>Builds a checkpoint with every tensor of this definition, filled with distinct values.</summary>
    public HeavyRanker.Runtime.Checkpoints.Checkpoint CreateCheckpoint(long step = 10)
    {
        var tensors = new List<HeavyRanker.Runtime.Checkpoints.CheckpointTensor>();
        float next = 0f;
        foreach (TensorShape shape in Tensors)
        {
            var data = new float[shape.ElementCount];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = next;
                next += 0.5f;
            }

            tensors.Add(new HeavyRanker.Runtime.Checkpoints.CheckpointTensor(shape.Name, (int[])shape.Shape.Clone(), data));
        }

        return new HeavyRanker.Runtime.Checkpoints.Checkpoint(tensors, HeavyRanker.Runtime.Checkpoints.CheckpointMetadata.Create(this, step));
    }
}
