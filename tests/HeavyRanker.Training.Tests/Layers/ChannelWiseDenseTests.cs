using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Layers;

public sealed class ChannelWiseDenseTests
{
    public ChannelWiseDenseTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void TwoChannelsGolden()
    {
        using var dense = new ChannelWiseDense(channels: 2, length: 2, units: 1);
        using (no_grad())
        {
            // K[0] = [[1], [2]], K[1] = [[3], [4]], b = [[10], [20]].
            dense.state_dict()["weight"].copy_(tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2, 1 }));
            dense.state_dict()["bias"].copy_(tensor(new float[] { 10, 20 }, new long[] { 2, 1 }));
        }

        // x[0, l, c]: l = 0 → (1, 1), l = 1 → (2, 3).
        using Tensor input = tensor(new float[] { 1, 1, 2, 3 }, new long[] { 1, 2, 2 });
        using Tensor output = dense.forward(input);

        Assert.Equal(new long[] { 1, 1, 2 }, output.shape);
        Assert.Equal(15f, output[0, 0, 0].item<float>());
        Assert.Equal(35f, output[0, 0, 1].item<float>());
    }

    [Fact]
    public void OneChannelGolden()
    {
        using var dense = new ChannelWiseDense(channels: 1, length: 3, units: 2);
        using (no_grad())
        {
            dense.state_dict()["weight"].copy_(tensor(new float[] { 1, 0, 0, 1, 1, 1 }, new long[] { 1, 3, 2 }));
            dense.state_dict()["bias"].copy_(tensor(new float[] { 0.5f, -0.5f }, new long[] { 1, 2 }));
        }

        using Tensor input = tensor(new float[] { 1, 2, 3 }, new long[] { 1, 3, 1 });
        using Tensor output = dense.forward(input);

        Assert.Equal(new long[] { 1, 2, 1 }, output.shape);
        Assert.Equal(4.5f, output[0, 0, 0].item<float>());
        Assert.Equal(4.5f, output[0, 1, 0].item<float>());
    }

    [Fact]
    public void GlorotUsesChannelFans()
    {
        using var dense = new ChannelWiseDense(channels: 3, length: 40, units: 20);
        double limit = Math.Sqrt(6.0 / (40 * 3 + 20 * 3));

        float[] weights = dense.state_dict()["weight"].data<float>().ToArray();

        Assert.True(weights.Max() <= limit, $"max {weights.Max()} exceeds {limit}");
        Assert.True(weights.Min() >= -limit, $"min {weights.Min()} below {-limit}");
        Assert.True(weights.Max() > 0.9 * limit, $"max {weights.Max()} far below {limit}");
        Assert.All(dense.state_dict()["bias"].data<float>().ToArray(), value => Assert.Equal(0f, value));
    }
}
