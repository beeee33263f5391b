using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.WarmStart.Tests;

/// <summary>
/// A hand-written model definition with every setting a warm start compares. The defaults give
/// two towers of two blocks over a 16-bucket sparse group with embedding size 3.
/// </summary>
internal sealed record TestModel : IModelDefinition
{
    public IReadOnlyList<string> ContinuousFeatures { get; init; } = new[] { "a", "b", "c" };

    public IReadOnlyList<string> BinaryFeatures { get; init; } = new[] { "p", "q" };

    public bool HasSparseNotContinuous { get; init; } = true;

    public bool HasSparseContinuous { get; init; }

    public int SparseBits { get; init; } = 4;

    public int EmbeddingSize { get; init; } = 3;

    public int TaskCount { get; init; } = 2;

    public IReadOnlyList<ClemNetBlockShape> Blocks { get; init; } = new[]
    {
        new ClemNetBlockShape(denseUnits: 4, convKernel: 3, convFilters: 2, convStride: 1, residual: false),
        new ClemNetBlockShape(denseUnits: 2, convKernel: null, convFilters: null, convStride: 1, residual: false),
    };

    public IReadOnlyList<int> TopHiddenUnits { get; init; } = Array.Empty<int>();

    public string Name => "WarmStartTestRanker";

    public string SpecJson => JsonSerializer.Serialize(new
    {
        continuous = ContinuousFeatures,
        binary = BinaryFeatures,
        sparse_bits = SparseBits,
        embedding_size = EmbeddingSize,
        tasks = TaskCount,
        sparse_not_continuous = HasSparseNotContinuous,
        sparse_continuous = HasSparseContinuous,
        blocks = Blocks.Select(block => new[] { block.DenseUnits, block.ConvKernel, block.ConvFilters }),
        top = TopHiddenUnits,
    });

    public string SpecHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SpecJson)));

    public IReadOnlyList<FeatureDefinition> Features => Array.Empty<FeatureDefinition>();

    public int InputWidth => ClemNetLayout.InputWidth(ContinuousFeatures.Count, BinaryFeatures.Count, HasSparseNotContinuous, HasSparseContinuous, EmbeddingSize);

    public IReadOnlyList<TaskDefinition> Tasks => Enumerable.Range(0, TaskCount).Select(task => new TaskDefinition($"task{task}", $"label{task}", 1.0)).ToArray();

    public string? DislikeColumn => null;

    public string? WeightColumn => null;

    public ArchitectureDefinition Architecture => new(
        "clemnet",
        Blocks.Select(block => new BlockDefinition(block.DenseUnits, block.ConvKernel, block.ConvFilters, block.ConvStride, "relu", block.Residual)).ToArray(),
        TopHiddenUnits,
        "relu");

    public TrainingDefinition Training => new("sgd", 0.01, 32, 1, 100, "pr_auc", 3, 0.0, 1);

    public IReadOnlyList<TensorShape> Tensors => ClemNetLayout.Tensors(
        ContinuousFeatures.Count,
        BinaryFeatures.Count,
        HasSparseNotContinuous,
        HasSparseContinuous,
        SparseBits,
        EmbeddingSize,
        TaskCount,
        Blocks,
        TopHiddenUnits);

    /// <summary>Builds a checkpoint with every tensor of this model, filled with seeded values in [-1, 1).</summary>
    public Checkpoint CreateCheckpoint(int seed = 1, long step = 1234)
    {
        var random = new Random(seed);
        var tensors = new List<CheckpointTensor>();
        foreach (TensorShape shape in Tensors)
        {
            var data = new float[shape.ElementCount];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)(random.NextDouble() * 2 - 1);
            }

            tensors.Add(new CheckpointTensor(shape.Name, (int[])shape.Shape.Clone(), data));
        }

        return new Checkpoint(tensors, CheckpointMetadata.Create(this, step));
    }

    /// <summary>Creates a model folder with this model's checkpoint and spec.json.</summary>
    public void WriteModelFolder(string directory, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        CheckpointFile.Save(Path.Combine(directory, "model.safetensors"), CreateCheckpoint(seed));
        File.WriteAllText(Path.Combine(directory, "spec.json"), SpecJson);
    }
}
