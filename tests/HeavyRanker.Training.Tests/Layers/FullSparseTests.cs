using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Layers;

public sealed class FullSparseTests
{
    public FullSparseTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void WeightedSumGolden()
    {
        using var layer = new FullSparse(buckets: 8, units: 2);
        using (no_grad())
        {
            layer.Weight[3].copy_(tensor(new float[] { 1, 2 }));
            layer.Weight[5].copy_(tensor(new float[] { 10, 20 }));
        }

        // Row 0: 2·W[3] + 0.5·W[5]; row 1: no entries.
        using Tensor keys = tensor(new long[] { 3, 5 });
        using Tensor offsets = tensor(new long[] { 0, 2 });
        using Tensor values = tensor(new float[] { 2, 0.5f });
        using Tensor output = layer.forward(keys, offsets, values);

        Assert.Equal(new float[] { 7.5f, 14.5f, 0.5f, 0.5f }, output.data<float>().ToArray());
    }

    [Fact]
    public void StartsAtZeroAndOneOverUnits()
    {
        using var layer = new FullSparse(buckets: 16, units: 4);

        var state = layer.state_dict();

        Assert.Equal(new[] { "weight", "bias" }, state.Keys.ToArray());
        Assert.Equal(0f, state["weight"].abs().sum().item<float>());
        Assert.All(state["bias"].data<float>().ToArray(), value => Assert.Equal(0.25f, value));
    }

    [Fact]
    public void GradientIsSparse()
    {
        using var layer = new FullSparse(buckets: 1024, units: 3);
        using Tensor keys = tensor(new long[] { 7, 9, 7 });
        using Tensor offsets = tensor(new long[] { 0, 2 });
        using Tensor values = tensor(new float[] { 1, 2, 3 });

        using Tensor output = layer.forward(keys, offsets, values);
        output.sum().backward();

        Assert.True(layer.Weight.grad!.is_sparse);
    }

    [Fact]
    public void SgdStepChangesTouchedRowsOnly()
    {
        using var layer = new FullSparse(buckets: 64, units: 3);
        using var optimizer = TorchSharp.torch.optim.SGD(layer.parameters(), 0.5);
        using Tensor keys = tensor(new long[] { 7, 9, 7 });
        using Tensor offsets = tensor(new long[] { 0, 2 });
        using Tensor values = tensor(new float[] { 1, 2, 3 });

        optimizer.zero_grad();
        using Tensor output = layer.forward(keys, offsets, values);
        output.sum().backward();
        optimizer.step();

        float[] rows = layer.Weight.sum(1).data<float>().ToArray();
        for (int row = 0; row < rows.Length; row++)
        {
            float expected = row switch
            {
                7 => -0.5f * (1 + 3) * 3,
                9 => -0.5f * 2 * 3,
                _ => 0,
            };
            Assert.Equal(expected, rows[row], 5);
        }
    }
}
