using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Layers;

public sealed class SparseMaxNormTests
{
    public SparseMaxNormTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void TrainingUpdatesEntryByEntry()
    {
        using var norm = new SparseMaxNorm(8);
        norm.train();
        // Key 3 gets 2, then −4 (maximum so far 4). Key 5 gets 1.
        using Tensor keys = tensor(new long[] { 3, 3, 5 });
        using Tensor values = tensor(new float[] { 2, -4, 1 });

        using Tensor output = norm.forward(keys, values);

        Assert.Equal(new float[] { 1, -1, 1 }, output.data<float>().ToArray());
        float[] maxima = norm.state_dict()["max"].data<float>().ToArray();
        Assert.Equal(4f, maxima[3]);
        Assert.Equal(1f, maxima[5]);
        Assert.Equal(0f, maxima[0]);
    }

    [Fact]
    public void LaterEntrySeesEarlierMaximum()
    {
        using var norm = new SparseMaxNorm(8);
        norm.train();
        using Tensor keys = tensor(new long[] { 2, 2 });
        using Tensor values = tensor(new float[] { 8, 2 });

        using Tensor output = norm.forward(keys, values);

        Assert.Equal(new float[] { 1, 0.25f }, output.data<float>().ToArray());
    }

    [Fact]
    public void EvalDoesNotUpdate()
    {
        using var norm = new SparseMaxNorm(8);
        norm.state_dict()["max"][3] = tensor(4f);
        norm.eval();
        using Tensor keys = tensor(new long[] { 3, 3, 6 });
        using Tensor values = tensor(new float[] { 2, 8, 1e-7f });

        using Tensor output = norm.forward(keys, values);

        float[] result = output.data<float>().ToArray();
        Assert.Equal(0.5f, result[0]);
        Assert.Equal(2f, result[1]);
        // Key 6 has maximum 0, so the divisor is epsilon 1e-5.
        Assert.Equal(0.01f, result[2], 6);
        float[] maxima = norm.state_dict()["max"].data<float>().ToArray();
        Assert.Equal(4f, maxima[3]);
        Assert.Equal(0f, maxima[6]);
    }

    [Fact]
    public void BiasIsTrainedAndValuesStopGradient()
    {
        using var norm = new SparseMaxNorm(8);
        norm.train();
        using Tensor keys = tensor(new long[] { 1, 1, 4 });
        using Tensor values = tensor(new float[] { 1, 2, 3 }).requires_grad_(true);

        using Tensor output = norm.forward(keys, values);
        output.sum().backward();

        Tensor biasGradient = norm.parameters().Single().grad!;
        float[] gradient = biasGradient.data<float>().ToArray();
        Assert.Equal(2f, gradient[1]);
        Assert.Equal(1f, gradient[4]);
        Assert.Null(values.grad);
        Assert.Equal(new[] { "max", "bias" }.OrderBy(name => name), norm.state_dict().Keys.OrderBy(name => name));
    }
}
