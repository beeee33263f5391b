using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Layers;

public sealed class Conv1dSameTests
{
    public Conv1dSameTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(4, 1, new float[] { 6, 10, 14, 12, 9 })]
    [InlineData(3, 1, new float[] { 3, 6, 9, 12, 9 })]
    [InlineData(3, 2, new float[] { 3, 9, 9 })]
    [InlineData(2, 2, new float[] { 3, 7, 5 })]
    public void OnesKernelGolden(int kernel, int stride, float[] expected)
    {
        using var conv = new Conv1dSame(channels: 1, filters: 1, kernel: kernel, stride: stride);
        using (no_grad())
        {
            conv.state_dict()["weight"].fill_(1);
        }

        using Tensor input = tensor(new float[] { 1, 2, 3, 4, 5 }, new long[] { 1, 5, 1 });
        using Tensor output = conv.forward(input);

        Assert.Equal(new long[] { 1, expected.Length, 1 }, output.shape);
        Assert.Equal(expected, output.data<float>().ToArray());
    }

    [Theory]
    [InlineData(5, 4, 1, 1, 2)]
    [InlineData(5, 3, 2, 1, 1)]
    [InlineData(4, 2, 2, 0, 0)]
    [InlineData(1, 3, 1, 1, 1)]
    public void SamePaddingPutsExtraRight(long length, long kernel, long stride, long left, long right)
    {
        Assert.Equal((left, right), Conv1dSame.SamePadding(length, kernel, stride));
    }

    [Fact]
    public void ResidualHasNoBias()
    {
        using var residual = new Conv1dSame(channels: 2, filters: 3, kernel: 1, useBias: false);

        var state = residual.state_dict();

        Assert.Equal(new[] { "weight" }, state.Keys.ToArray());
        Assert.Equal(new long[] { 3, 2, 1 }, state["weight"].shape);
    }

    [Fact]
    public void ResidualMixesChannels()
    {
        using var residual = new Conv1dSame(channels: 2, filters: 1, kernel: 1, useBias: false);
        using (no_grad())
        {
            residual.state_dict()["weight"].copy_(tensor(new float[] { 2, 3 }, new long[] { 1, 2, 1 }));
        }

        using Tensor input = tensor(new float[] { 1, 10, 2, 20 }, new long[] { 1, 2, 2 });
        using Tensor output = residual.forward(input);

        Assert.Equal(new float[] { 32, 64 }, output.data<float>().ToArray());
    }
}
