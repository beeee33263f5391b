using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.WarmStart;

namespace HeavyRanker.WarmStart.Tests;

public sealed class RejectionTests
{
    private static readonly TestModel OldModel = new();

    public static TheoryData<string, string> Changes => new()
    {
        { "bits", "sparse bits: 4 (16 buckets) in the checkpoint, 5 (32 buckets) in the model" },
        { "embedding", "embedding size: 3 in the checkpoint, 4 in the model" },
        { "block", "tower architecture" },
        { "filters", "tower architecture" },
        { "top", "tower architecture" },
        { "tasks", "number of tasks (towers): 2 in the checkpoint, 3 in the model" },
        { "sparse-group", "sparse group of SPARSE_CONTINUOUS features: present only in the model" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void StructureChangeIsRejected(string change, string expectedMessage)
    {
        // Every change also edits the feature lists, which alone would be accepted.
        TestModel newModel = Apply(OldModel with { ContinuousFeatures = new[] { "b", "z" } }, change);
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));
        Dictionary<string, string> before = TemporaryFolder.Snapshot(folder.Combine("old"));

        var exception = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("new"), newModel, new WarmStartOptions()));

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
        Assert.Contains("more than the feature lists", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("new")));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path));
        Assert.Equal(before, TemporaryFolder.Snapshot(folder.Combine("old")));
    }

    [Fact]
    public void ChangedBlockNamesTensor()
    {
        TestModel newModel = Apply(OldModel, "block");

        var exception = Assert.Throws<WarmStartException>(() => WarmStartRewriter.Rewrite(OldModel.CreateCheckpoint(), newModel, 1, out _));

        Assert.Contains("'towers.0.blocks.1.dense.weight' is [2, 4, 2] in the checkpoint, but the model needs [2, 4, 3]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFeatureListIsRejected()
    {
        Checkpoint complete = OldModel.CreateCheckpoint();
        var metadata = complete.Metadata.Where(entry => entry.Key != CheckpointMetadata.ContinuousFeaturesKey).ToDictionary();
        var old = new Checkpoint(complete.Tensors, metadata);

        var exception = Assert.Throws<WarmStartException>(() => WarmStartRewriter.Rewrite(old, OldModel, 1, out _));

        Assert.Contains("'continuous_features'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedFeatureIsRejected()
    {
        TestModel newModel = OldModel with { BinaryFeatures = new[] { "p", "p" } };

        var exception = Assert.Throws<WarmStartException>(() => WarmStartRewriter.Rewrite(OldModel.CreateCheckpoint(), newModel, 1, out _));

        Assert.Contains("feature 'p' appears more than once in the binary features of model", exception.Message, StringComparison.Ordinal);
    }

    private static TestModel Apply(TestModel model, string change) => change switch
    {
        "bits" => model with { SparseBits = 5 },
        "embedding" => model with { EmbeddingSize = 4 },
        "block" => model with
        {
            Blocks = new[] { model.Blocks[0], new ClemNetBlockShape(denseUnits: 3, convKernel: null, convFilters: null, convStride: 1, residual: false) },
        },
        "filters" => model with
        {
            Blocks = new[] { new ClemNetBlockShape(denseUnits: 4, convKernel: 3, convFilters: 3, convStride: 1, residual: false), model.Blocks[1] },
        },
        "top" => model with { TopHiddenUnits = new[] { 5 } },
        "tasks" => model with { TaskCount = 3 },
        "sparse-group" => model with { HasSparseContinuous = true },
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown change."),
    };
}
