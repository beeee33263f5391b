using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.WarmStart;

namespace HeavyRanker.WarmStart.Tests;

public sealed class RemapTests
{
    private static readonly string[] ContinuousVectorNames =
    {
        "weight", "bias", "running_mean", "running_var", "renorm_mean", "renorm_stddev",
    };

    [Fact]
    public void ContinuousVectorsFollowFeatureNames()
    {
        var oldModel = new TestModel { ContinuousFeatures = new[] { "a", "b", "c" } };
        var newModel = oldModel with { ContinuousFeatures = new[] { "c", "a", "d" } };
        Checkpoint old = oldModel.CreateCheckpoint();
        foreach (string suffix in ContinuousVectorNames)
        {
            float[] values = { 1, 2, 3 };
            values.CopyTo(old[$"{ClemNetLayout.ContinuousNorm}.{suffix}"].Data, 0);
        }

        Checkpoint rewritten = WarmStartRewriter.Rewrite(old, newModel, seed: 5, out _);

        double bound = 0.5 * CheckpointAssert.StandardDeviation(new float[] { 1, 2, 3 });
        foreach (string suffix in new[] { "weight", "bias" })
        {
            float[] data = rewritten[$"{ClemNetLayout.ContinuousNorm}.{suffix}"].Data;
            Assert.Equal(3f, data[0]);
            Assert.Equal(1f, data[1]);
            Assert.InRange(Math.Abs(data[2]), 0, bound);
            Assert.NotEqual(0f, data[2]);
        }

        Assert.Equal(new float[] { 3, 1, 0 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.running_mean"].Data);
        Assert.Equal(new float[] { 3, 1, 0 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.renorm_mean"].Data);
        Assert.Equal(new float[] { 3, 1, 1 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.running_var"].Data);
        Assert.Equal(new float[] { 3, 1, 1 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.renorm_stddev"].Data);
    }

    [Fact]
    public void KernelRowsFollowFeatureNames()
    {
        var oldModel = new TestModel { ContinuousFeatures = new[] { "a", "b", "c" }, BinaryFeatures = new[] { "p", "q" } };
        var newModel = oldModel with { ContinuousFeatures = new[] { "c", "a", "d" }, BinaryFeatures = new[] { "q", "r" } };
        Checkpoint old = oldModel.CreateCheckpoint();

        Checkpoint rewritten = WarmStartRewriter.Rewrite(old, newModel, seed: 5, out _);

        // Old rows: a b c | p q | 3 sparse slots. New rows: c a d | q r | 3 sparse slots.
        int[] oldRowOfNew = { 2, 0, -1, 4, -1, 5, 6, 7 };
        for (int tower = 0; tower < oldModel.TaskCount; tower++)
        {
            CheckpointTensor oldKernel = old[ClemNetLayout.FirstDenseKernel(tower)];
            CheckpointTensor newKernel = rewritten[ClemNetLayout.FirstDenseKernel(tower)];
            int units = oldKernel.Shape[2];
            Assert.Equal(new[] { 1, 8, units }, newKernel.Shape);
            double bound = 0.5 * CheckpointAssert.StandardDeviation(oldKernel.Data);
            for (int row = 0; row < oldRowOfNew.Length; row++)
            {
                float[] newRow = newKernel.Data.AsSpan(row * units, units).ToArray();
                if (oldRowOfNew[row] >= 0)
                {
                    float[] oldRow = oldKernel.Data.AsSpan(oldRowOfNew[row] * units, units).ToArray();
                    Assert.Equal(oldRow, newRow);
                }
                else
                {
                    Assert.All(newRow, value => Assert.InRange(Math.Abs(value), 0, bound));
                }
            }
        }
    }

    [Fact]
    public void ReportListsKeptAddedDroppedMoved()
    {
        var oldModel = new TestModel { ContinuousFeatures = new[] { "a", "b", "c" }, BinaryFeatures = new[] { "p", "q" } };
        var newModel = oldModel with { ContinuousFeatures = new[] { "c", "a", "d" }, BinaryFeatures = new[] { "q", "r" } };

        WarmStartRewriter.Rewrite(oldModel.CreateCheckpoint(), newModel, seed: 5, out WarmStartReport report);

        TensorRemap vector = report.RemappedTensors.Single(remap => remap.TensorName == $"{ClemNetLayout.ContinuousNorm}.weight");
        Assert.Equal(0, vector.Axis);
        Assert.Equal(new[] { "c", "a" }, vector.Kept);
        Assert.Equal(new[] { "d" }, vector.Added);
        Assert.Equal(new[] { "b" }, vector.Dropped);
        Assert.Equal(new[] { new MovedFeature("c", 2, 0), new MovedFeature("a", 0, 1) }, vector.Moved);
        Assert.Equal(WarmStartRules.TruncatedNormal, vector.NewPositionRule);

        TensorRemap variance = report.RemappedTensors.Single(remap => remap.TensorName == $"{ClemNetLayout.ContinuousNorm}.running_var");
        Assert.Equal(WarmStartRules.One, variance.NewPositionRule);

        TensorRemap kernel = report.RemappedTensors.Single(remap => remap.TensorName == ClemNetLayout.FirstDenseKernel(1));
        Assert.Equal(1, kernel.Axis);
        Assert.Equal(new[] { "c", "a", "q" }, kernel.Kept);
        Assert.Equal(new[] { "d", "r" }, kernel.Added);
        Assert.Equal(new[] { "b", "p" }, kernel.Dropped);
        Assert.Equal(new[] { new MovedFeature("c", 2, 0), new MovedFeature("a", 0, 1), new MovedFeature("q", 4, 3) }, kernel.Moved);

        Assert.Equal(6 + oldModel.TaskCount, report.RemappedTensors.Count);
        Assert.Equal(newModel.Tensors.Count - report.RemappedTensors.Count, report.CopiedTensors.Count);
        Assert.Contains("dropped: b, p", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void OtherTensorsShareOldBits()
    {
        var oldModel = new TestModel();
        var newModel = oldModel with { ContinuousFeatures = new[] { "c", "x" } };
        Checkpoint old = oldModel.CreateCheckpoint();

        Checkpoint rewritten = WarmStartRewriter.Rewrite(old, newModel, seed: 1, out WarmStartReport report);

        Assert.Equal(newModel.Tensors.Select(tensor => tensor.Name), rewritten.Tensors.Select(tensor => tensor.Name));
        Assert.Contains($"{ClemNetLayout.SparseNotContinuous}.weight", report.CopiedTensors);
        foreach (string name in report.CopiedTensors)
        {
            Assert.True(CheckpointAssert.SameBits(old[name].Data, rewritten[name].Data), name);
        }
    }

    [Fact]
    public void SameSeedGivesIdenticalCheckpoint()
    {
        var oldModel = new TestModel();
        var newModel = oldModel with { ContinuousFeatures = new[] { "new1", "a", "new2" }, BinaryFeatures = new[] { "q", "new3" } };
        Checkpoint old = oldModel.CreateCheckpoint();

        Checkpoint first = WarmStartRewriter.Rewrite(old, newModel, seed: 42, out _);
        Checkpoint second = WarmStartRewriter.Rewrite(old, newModel, seed: 42, out _);

        CheckpointAssert.TensorsBitIdentical(first, second);
        Assert.Equal(first.Metadata, second.Metadata);
    }

    [Fact]
    public void OtherSeedChangesOnlyNewPositions()
    {
        var oldModel = new TestModel();
        var newModel = oldModel with { ContinuousFeatures = new[] { "new1", "a", "new2" }, BinaryFeatures = new[] { "q", "new3" } };
        Checkpoint old = oldModel.CreateCheckpoint();

        Checkpoint first = WarmStartRewriter.Rewrite(old, newModel, seed: 1, out WarmStartReport report);
        Checkpoint second = WarmStartRewriter.Rewrite(old, newModel, seed: 2, out _);

        // New positions: continuous rows 0 and 2, binary row 1 (input row 4) of each kernel.
        var newKernelRows = new HashSet<int> { 0, 2, 4 };
        foreach (CheckpointTensor tensor in first.Tensors)
        {
            float[] other = second[tensor.Name].Data;
            if (report.CopiedTensors.Contains(tensor.Name))
            {
                Assert.True(CheckpointAssert.SameBits(tensor.Data, other), tensor.Name);
                continue;
            }

            int rowLength = tensor.Shape.Length == 3 ? tensor.Shape[2] : 1;
            string rule = report.RemappedTensors.Single(remap => remap.TensorName == tensor.Name).NewPositionRule;
            for (int i = 0; i < tensor.Data.Length; i++)
            {
                bool isNew = tensor.Shape.Length == 3 ? newKernelRows.Contains(i / rowLength) : i is 0 or 2;
                bool drawn = isNew && rule == WarmStartRules.TruncatedNormal;
                Assert.True(drawn == (tensor.Data[i] != other[i]), $"{tensor.Name}[{i}]: new position {isNew}, rule {rule}, values {tensor.Data[i]} and {other[i]}");
            }
        }

        Assert.Equal("2", second.Metadata[WarmStartMetadata.SeedKey]);
    }

    [Fact]
    public void UnchangedListsGiveIdenticalTensors()
    {
        var model = new TestModel { HasSparseContinuous = true, TopHiddenUnits = new[] { 3 } };
        Checkpoint old = model.CreateCheckpoint();

        Checkpoint rewritten = WarmStartRewriter.Rewrite(old, model, seed: 9, out WarmStartReport report);

        CheckpointAssert.TensorsBitIdentical(old, rewritten);
        Assert.All(report.RemappedTensors, remap => Assert.Empty(remap.Added));
        Assert.All(report.RemappedTensors, remap => Assert.Empty(remap.Dropped));
        Assert.All(report.RemappedTensors, remap => Assert.Empty(remap.Moved));
    }

    [Fact]
    public void MetadataRecordsSeedSourceAndStep()
    {
        var oldModel = new TestModel();
        var newModel = oldModel with { ContinuousFeatures = new[] { "a", "z" } };

        Checkpoint rewritten = WarmStartRewriter.Rewrite(oldModel.CreateCheckpoint(step: 777), newModel, seed: -3, out WarmStartReport report);

        Assert.Equal(newModel.SpecHash, CheckpointMetadata.GetSpecHash(rewritten.Metadata));
        Assert.Equal(newModel.Name, CheckpointMetadata.GetModelName(rewritten.Metadata));
        Assert.Equal(newModel.ContinuousFeatures, CheckpointMetadata.GetContinuousFeatures(rewritten.Metadata));
        Assert.Equal(newModel.BinaryFeatures, CheckpointMetadata.GetBinaryFeatures(rewritten.Metadata));
        Assert.Equal(0, CheckpointMetadata.GetStep(rewritten.Metadata));
        Assert.Equal("-3", rewritten.Metadata[WarmStartMetadata.SeedKey]);
        Assert.Equal(oldModel.SpecHash, rewritten.Metadata[WarmStartMetadata.SourceSpecHashKey]);
        Assert.Equal("777", rewritten.Metadata[WarmStartMetadata.SourceStepKey]);
        Assert.Equal(777, report.OldStep);
    }

    [Fact]
    public void DroppedFeatureRemovesOnlyItsContribution()
    {
        var oldModel = new TestModel { ContinuousFeatures = new[] { "a", "b", "c" }, BinaryFeatures = new[] { "p", "q", "s" }, HasSparseContinuous = true };
        var newModel = oldModel with { ContinuousFeatures = new[] { "a", "c" }, BinaryFeatures = new[] { "p", "s" } };
        Checkpoint old = oldModel.CreateCheckpoint(seed: 3);
        Checkpoint rewritten = WarmStartRewriter.Rewrite(old, newModel, seed: 3, out _);

        // Input columns of the dropped features in the old model: b is continuous 1, q is binary 1.
        int[] droppedColumns = { 1, 3 + 1 };
        var random = new Random(11);
        for (int record = 0; record < 20; record++)
        {
            float[] oldInput = Enumerable.Range(0, oldModel.InputWidth).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            float[] newInput = oldInput.Where((_, column) => !droppedColumns.Contains(column)).ToArray();
            Assert.Equal(newModel.InputWidth, newInput.Length);

            for (int tower = 0; tower < oldModel.TaskCount; tower++)
            {
                string bias = ClemNetLayout.Block(tower, 0) + ".dense.bias";
                CheckpointTensor oldKernel = old[ClemNetLayout.FirstDenseKernel(tower)];
                double[] oldActivation = PreActivation(oldInput, oldKernel, old[bias].Data);
                double[] newActivation = PreActivation(newInput, rewritten[ClemNetLayout.FirstDenseKernel(tower)], rewritten[bias].Data);

                int units = oldKernel.Shape[2];
                for (int unit = 0; unit < units; unit++)
                {
                    double expected = oldActivation[unit];
                    foreach (int column in droppedColumns)
                    {
                        expected -= (double)oldInput[column] * oldKernel.Data[column * units + unit];
                    }

                    Assert.Equal(expected, newActivation[unit], 4);
                }
            }
        }
    }

    [Fact]
    public void NewModelWithoutContinuousDropsVectors()
    {
        var oldModel = new TestModel();
        var newModel = oldModel with { ContinuousFeatures = Array.Empty<string>() };

        Checkpoint rewritten = WarmStartRewriter.Rewrite(oldModel.CreateCheckpoint(), newModel, seed: 1, out WarmStartReport report);

        Assert.Equal(6, report.DroppedTensors.Count);
        Assert.DoesNotContain(rewritten.Tensors, tensor => tensor.Name.StartsWith(ClemNetLayout.ContinuousNorm, StringComparison.Ordinal));
        Assert.Equal(new[] { 1, newModel.InputWidth, 4 }, rewritten[ClemNetLayout.FirstDenseKernel(0)].Shape);
    }

    [Fact]
    public void OldModelWithoutContinuousGetsFreshVectors()
    {
        var oldModel = new TestModel { ContinuousFeatures = Array.Empty<string>() };
        var newModel = oldModel with { ContinuousFeatures = new[] { "a", "b" } };

        Checkpoint rewritten = WarmStartRewriter.Rewrite(oldModel.CreateCheckpoint(), newModel, seed: 1, out WarmStartReport report);

        Assert.Equal(6, report.InitializedTensors.Count);
        Assert.Equal(new float[] { 1, 1 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.weight"].Data);
        Assert.Equal(new float[] { 0, 0 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.bias"].Data);
        Assert.Equal(new float[] { 1, 1 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.running_var"].Data);
        Assert.Equal(new float[] { 0, 0 }, rewritten[$"{ClemNetLayout.ContinuousNorm}.running_mean"].Data);
    }

    /// <summary>Computes x · K[0] + b[0] of a channel-wise dense kernel [1, F, O] in double precision.</summary>
    private static double[] PreActivation(float[] input, CheckpointTensor kernel, float[] bias)
    {
        int width = kernel.Shape[1];
        int units = kernel.Shape[2];
        Assert.Equal(width, input.Length);
        var output = new double[units];
        for (int unit = 0; unit < units; unit++)
        {
            double sum = bias[unit];
            for (int column = 0; column < width; column++)
            {
                sum += (double)input[column] * kernel.Data[column * units + unit];
            }

            output[unit] = sum;
        }

        return output;
    }
}
