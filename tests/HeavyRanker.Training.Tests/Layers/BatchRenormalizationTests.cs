using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Layers;

public sealed class BatchRenormalizationTests
{
    public BatchRenormalizationTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void FirstStepReturnsInput()
    {
        // With renorm mean 0 and stddev 1, r = σ_B and d = μ_B, so x̂·r + d = x.
        using var norm = new BatchRenormalization(1);
        norm.train();
        using Tensor input = tensor(new float[] { 0, 4 }, new long[] { 2, 1 });

        using Tensor output = norm.forward(input);

        Assert.Equal(0f, output[0, 0].item<float>(), 5);
        Assert.Equal(4f, output[1, 0].item<float>(), 5);
    }

    [Fact]
    public void UpdatesAllStatistics()
    {
        using var norm = new BatchRenormalization(1);
        norm.train();
        using Tensor input = tensor(new float[] { 0, 4 }, new long[] { 2, 1 });

        norm.forward(input).Dispose();

        var state = norm.state_dict();
        Assert.Equal(0.02f, state["renorm_mean"].item<float>(), 6);
        Assert.Equal((float)(0.99 + 0.01 * Math.Sqrt(4.001)), state["renorm_stddev"].item<float>(), 6);
        Assert.Equal(0.0002f, state["running_mean"].item<float>(), 7);
        // Biased batch variance 4; the unbiased 8 would give 1.0007.
        Assert.Equal(1.0003f, state["running_var"].item<float>(), 6);
    }

    [Fact]
    public void SecondStepUsesRenormStatistics()
    {
        using var norm = new BatchRenormalization(1);
        norm.train();
        using Tensor input = tensor(new float[] { 0, 4 }, new long[] { 2, 1 });
        norm.forward(input).Dispose();

        using Tensor output = norm.forward(input);

        // r = σ_B / σ_renorm and d = (2 − 0.02) / σ_renorm, so y = (x − 0.02) / σ_renorm.
        double renormStddev = 0.99 + 0.01 * Math.Sqrt(4.001);
        Assert.Equal((float)(-0.02 / renormStddev), output[0, 0].item<float>(), 5);
        Assert.Equal((float)(3.98 / renormStddev), output[1, 0].item<float>(), 5);
    }

    [Fact]
    public void CorrectionsCarryNoGradient()
    {
        // Σ_i x̂_i has zero gradient; a gradient through d would add B / (B·σ_renorm) per record.
        using var norm = new BatchRenormalization(1);
        norm.train();
        using Tensor input = tensor(new float[] { 1, 2, 6 }, new long[] { 3, 1 }).requires_grad_(true);

        using Tensor output = norm.forward(input);
        output.sum().backward();

        float[] gradient = input.grad!.data<float>().ToArray();
        foreach (float value in gradient)
        {
            Assert.Equal(0f, value, 5);
        }
    }

    [Fact]
    public void RecalibrationSetsAllStatistics()
    {
        using var norm = new BatchRenormalization(1);
        norm.train();
        norm.BeginRecalibration();
        // Batch {0, 4} has mean 2 and biased variance 4; batch {1, 3} has mean 2 and variance 1.
        using Tensor first = tensor(new float[] { 0, 4 }, new long[] { 2, 1 });
        using Tensor second = tensor(new float[] { 1, 3 }, new long[] { 2, 1 });

        using Tensor output = norm.forward(first);
        norm.forward(second).Dispose();
        norm.EndRecalibration();

        // Plain batch normalisation (r = 1, d = 0), not the renorm correction.
        Assert.Equal((float)(-2 / Math.Sqrt(4.001)), output[0, 0].item<float>(), 5);
        var state = norm.state_dict();
        Assert.Equal(2f, state["running_mean"].item<float>(), 6);
        Assert.Equal(2.5f, state["running_var"].item<float>(), 6);
        Assert.Equal(2f, state["renorm_mean"].item<float>(), 6);
        Assert.Equal((float)Math.Sqrt(2.501), state["renorm_stddev"].item<float>(), 6);
    }

    [Fact]
    public void EvalUsesMovingStatistics()
    {
        using var norm = new BatchRenormalization(1);
        norm.state_dict()["running_mean"].fill_(1);
        norm.state_dict()["running_var"].fill_(3);
        norm.eval();

        using Tensor output = norm.forward(tensor(new float[] { 3 }, new long[] { 1, 1 }));

        Assert.Equal((float)(2 / Math.Sqrt(3.001)), output.item<float>(), 5);
        Assert.Equal(0f, norm.state_dict()["renorm_mean"].item<float>());
    }
}
