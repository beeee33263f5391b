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
    public void RecalibrationAveragesBatchStatistics()
    {
        using var norm = new BatchNormalization(2);
        norm.eval();
        // Per batch, position 0 and position 1 (mean, biased variance):
        // batch 1: {0, 2} → (1, 1) and {10, 30} → (20, 100);
        // batch 2: {4, 8} → (6, 4) and {0, 0} → (0, 0);
        // batch 3: {−3, 3} → (0, 9) and {1, 3} → (2, 1).
        float[][] batches =
        {
            new float[] { 0, 10, 2, 30 },
            new float[] { 4, 0, 8, 0 },
            new float[] { -3, 1, 3, 3 },
        };

        norm.BeginRecalibration();
        foreach (float[] values in batches)
        {
            using Tensor input = tensor(values, new long[] { 2, 2, 1 });
            norm.forward(input).Dispose();
        }

        Assert.Equal(new[] { 0f, 0 }, norm.state_dict()["running_mean"].data<float>().ToArray());
        norm.EndRecalibration();

        float[] mean = norm.state_dict()["running_mean"].data<float>().ToArray();
        float[] variance = norm.state_dict()["running_var"].data<float>().ToArray();
        Assert.Equal(7f / 3, mean[0], 6);
        Assert.Equal(22f / 3, mean[1], 6);
        Assert.Equal(14f / 3, variance[0], 6);
        Assert.Equal(101f / 3, variance[1], 5);
        Assert.False(norm.IsRecalibrating);
    }

    [Fact]
    public void RecalibrationNormalizesWithBatchStatistics()
    {
        using var norm = new BatchNormalization(1);
        norm.eval();
        // Mean 4 and biased variance 5, as in training mode.
        using Tensor input = tensor(new float[] { 1, 3, 5, 7 }, new long[] { 2, 1, 2 });

        norm.BeginRecalibration();
        using Tensor output = norm.forward(input);
        norm.CancelRecalibration();

        Assert.Equal((float)(-3 / Math.Sqrt(5.001)), output[0, 0, 0].item<float>(), 5);
        Assert.Equal(0f, norm.state_dict()["running_mean"].item<float>());
        Assert.Equal(1f, norm.state_dict()["running_var"].item<float>());
    }

    [Fact]
    public void RecalibrationWithoutBatchesThrows()
    {
        using var norm = new BatchNormalization(1);
        norm.BeginRecalibration();

        Assert.Throws<InvalidOperationException>(() => norm.BeginRecalibration());
        Assert.Throws<InvalidOperationException>(() => norm.EndRecalibration());
        Assert.False(norm.IsRecalibrating);
        Assert.Equal(1f, norm.state_dict()["running_var"].item<float>());
    }

    [Fact]
    public void RejectsWrongLength()
    {
        using var norm = new BatchNormalization(3);
        using Tensor input = zeros(2, 4, 1);

        Assert.Throws<ArgumentException>(() => norm.forward(input));
    }
}
