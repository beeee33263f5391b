using HeavyRanker.Runtime.Models;

namespace HeavyRanker.WarmStart.Tests;

/// <summary>
/// The old and new models of the kill test: both sparse groups at 16 bits and embedding size 50,
/// so each checkpoint is about 27 MB and writing it takes long enough for kills to land mid-write.
/// The new model drops three continuous features, adds two and one binary feature, and reorders.
/// </summary>
internal static class LargeModels
{
    private static readonly ClemNetBlockShape[] Blocks =
    {
        new(denseUnits: 64, convKernel: 3, convFilters: 2, convStride: 1, residual: false),
        new(denseUnits: 32, convKernel: null, convFilters: null, convStride: 1, residual: false),
    };

    public static TestModel Old { get; } = new()
    {
        ContinuousFeatures = Enumerable.Range(0, 30).Select(i => $"continuous.{i}").ToArray(),
        BinaryFeatures = Enumerable.Range(0, 10).Select(i => $"binary.{i}").ToArray(),
        HasSparseNotContinuous = true,
        HasSparseContinuous = true,
        SparseBits = 16,
        EmbeddingSize = 50,
        TaskCount = 2,
        Blocks = Blocks,
    };

    public static TestModel New { get; } = Old with
    {
        ContinuousFeatures = Enumerable.Range(3, 27).Reverse().Select(i => $"continuous.{i}").Concat(new[] { "continuous.new0", "continuous.new1" }).ToArray(),
        BinaryFeatures = Enumerable.Range(0, 10).Select(i => $"binary.{i}").Append("binary.new").ToArray(),
    };
}
