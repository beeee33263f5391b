using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Parity.Tests;

/// <summary>
/// A hand-written definition that uses what the AliExpress spec does not: a SPARSE_CONTINUOUS
/// group, a block with only a residual, a strided convolution, tanh and sigmoid activations.
/// </summary>
internal sealed class SyntheticDefinition : IModelDefinition
{
    public SyntheticDefinition(int taskCount = 2, IReadOnlyList<BlockDefinition>? blocks = null, string name = "Synthetic")
    {
        Name = name;
        ContinuousFeatures = Enumerable.Range(0, 5).Select(index => $"c{index}").ToArray();
        BinaryFeatures = Enumerable.Range(0, 3).Select(index => $"b{index}").ToArray();
        Tasks = Enumerable.Range(0, taskCount).Select(index => new TaskDefinition($"task{index}", $"label{index}", index == 0 ? 0.9 : 0.1)).ToArray();
        blocks ??= new[]
        {
            new BlockDefinition(21, 3, 2, 1, "relu", false),
            new BlockDefinition(null, null, null, 1, "relu", true),
            new BlockDefinition(21, 5, 3, 2, "tanh", false),
            new BlockDefinition(9, 2, 2, 1, "sigmoid", false),
        };
        Architecture = new ArchitectureDefinition("clemnet", blocks, new[] { 7 }, "sigmoid");
        Training = new TrainingDefinition("sgd", 0.05, 32, 1, 10, "pr_auc", 3, 0.0, 3);
        InputWidth = ClemNetLayout.InputWidth(ContinuousFeatures.Count, BinaryFeatures.Count, true, true, EmbeddingSize);
        Tensors = ClemNetLayout.Tensors(
            ContinuousFeatures.Count,
            BinaryFeatures.Count,
            true,
            true,
            SparseBits,
            EmbeddingSize,
            taskCount,
            blocks.Select(block => new ClemNetBlockShape(block.DenseUnits, block.ConvKernel, block.ConvFilters, block.ConvStride, block.Residual)).ToArray(),
            Architecture.TopHiddenUnits);
    }

    public string Name { get; }

    public string SpecHash => new('0', 64);

    public string SpecJson => "{}";

    public IReadOnlyList<FeatureDefinition> Features => Array.Empty<FeatureDefinition>();

    public IReadOnlyList<string> ContinuousFeatures { get; }

    public IReadOnlyList<string> BinaryFeatures { get; }

    public bool HasSparseNotContinuous => true;

    public bool HasSparseContinuous => true;

    public int SparseBits => 6;

    public int EmbeddingSize => 4;

    public int InputWidth { get; }

    public IReadOnlyList<TaskDefinition> Tasks { get; }

    public string? DislikeColumn => null;

    public string? WeightColumn => null;

    public ArchitectureDefinition Architecture { get; }

    public TrainingDefinition Training { get; }

    public IReadOnlyList<TensorShape> Tensors { get; }

    /// <summary>
    /// Fills a batch of <paramref name="count"/> random records: continuous values over several
    /// magnitudes and signs, 0/1 binary values, 0 to 4 sparse entries per group (repeated keys
    /// included) and SPARSE_CONTINUOUS values of either sign.
    /// </summary>
    public FeatureBatch RandomBatch(int count, Random random)
    {
        var batch = new FeatureBatch(ContinuousFeatures.Count, BinaryFeatures.Count, count);
        batch.Reset(count);
        for (int row = 0; row < count; row++)
        {
            Span<float> continuous = batch.ContinuousRow(row);
            for (int index = 0; index < continuous.Length; index++)
            {
                continuous[index] = (float)((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-4, 3)));
            }

            Span<float> binary = batch.BinaryRow(row);
            for (int index = 0; index < binary.Length; index++)
            {
                binary[index] = random.Next(2);
            }

            AddEntries(batch.SparseNotContinuous, random, continuousValues: false);
            AddEntries(batch.SparseContinuous, random, continuousValues: true);
        }

        return batch;
    }

    private void AddEntries(SparseRows rows, Random random, bool continuousValues)
    {
        int entries = random.Next(5);
        for (int entry = 0; entry < entries; entry++)
        {
            rows.Add(random.Next(1 << SparseBits), continuousValues ? (float)((random.NextDouble() - 0.4) * 4) : 1f);
        }

        rows.EndRow();
    }
}
