using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Layers;

public sealed class BatchNormalizationTests
{
    public BatchNormalizationTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void EvalUsesMovingStatistics()
    {
        using var norm = new BatchNormalization(1);
        norm.state_dict()["running_mean"].fill_(2);
        norm.state_dict()["running_var"].fill_(4);
        norm.eval();

        using Tensor output = norm.forward(full(new long[] { 1, 1, 1 }, 4f));

        Assert.Equal(0.99987503f, output.item<float>(), 6);
    }

    [Fact]
    public void TrainingUsesBiasedBatchVariance()
    {
        using var norm = new BatchNormalization(1);
        norm.train();
        // Four values over batch and channel axes: mean 4, biased variance 5.
        using Tensor input = tensor(new float[] { 1, 3, 5, 7 }, new long[] { 2, 1, 2 });

        using Tensor output = norm.forward(input);

        float[] values = output.data<float>().ToArray();
        float[] expected = new[] { 1f, 3, 5, 7 }.Select(x => (float)((x - 4) / Math.Sqrt(5.001))).ToArray();
        for (int index = 0; index < 4; index++)
        {
            Assert.Equal(expected[index], values[index], 5);
        }

        Assert.Equal(0.0004f, norm.state_dict()["running_mean"].item<float>(), 7);
        Assert.Equal(1.0004f, norm.state_dict()["running_var"].item<float>(), 6);
    }

    [Fact]
    public void StatisticsArePerPosition()
    {
        using var norm = new BatchNormalization(2);
        norm.train();
        // Position 0 contains 0 and 2, position 1 contains 10 and 30.
        using Tensor input = tensor(new float[] { 0, 10, 2, 30 }, new long[] { 2, 2, 1 });

        using Tensor output = norm.forward(input);

        float[] mean = norm.state_dict()["running_mean"].data<float>().ToArray();
        Assert.Equal(0.0001f, mean[0], 7);
        Assert.Equal(0.002f, mean[1], 6);
        Assert.Equal(-1 / Math.Sqrt(1.001), output[0, 0, 0].item<float>(), 5);
    }

    [Fact]
    public void RejectsWrongLength()
    {
        using var norm = new BatchNormalization(3);
        using Tensor input = zeros(2, 4, 1);

        Assert.Throws<ArgumentException>(() => norm.forward(input));
    }
}
