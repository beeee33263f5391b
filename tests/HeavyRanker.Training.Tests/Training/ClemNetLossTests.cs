using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Training;

public sealed class ClemNetLossTests
{
    public ClemNetLossTests() => TorchRuntime.EnsureLoaded();

    private static double CrossEntropy(double logit, double label)
    {
        double p = 1 / (1 + Math.Exp(-logit));
        return -(label * Math.Log(p) + (1 - label) * Math.Log(1 - p));
    }

    [Fact]
    public void HandComputedBatch()
    {
        // Record 0: opened and engaged. Record 1: not opened. Record 2: opened but disliked.
        double[] logitValues = { 0.5, -1.0, 2.0, 0.3, -0.7, 1.5 };
        using Tensor logits = tensor(logitValues, new long[] { 3, 2 });
        using Tensor labels = tensor(new double[] { 1, 1, 0, 0, 1, 1 }, new long[] { 3, 2 });
        using Tensor dislikes = tensor(new double[] { 0, 0, 1 });

        using Tensor loss = ClemNetLoss.Compute(logits, labels, dislikes);

        // Weights [1, open]: record 0 both tasks, record 1 and 2 the open task only (record 2's labels become 0).
        double expected = (CrossEntropy(0.5, 1) + CrossEntropy(-1.0, 1) + CrossEntropy(2.0, 0) + CrossEntropy(-0.7, 0)) / 3;
        Assert.Equal(expected, loss.item<double>(), 10);
    }

    [Fact]
    public void WithoutDislikesKeepsLabels()
    {
        using Tensor logits = tensor(new double[] { 1, 2 }, new long[] { 1, 2 });
        using Tensor labels = tensor(new double[] { 1, 0 }, new long[] { 1, 2 });

        using Tensor loss = ClemNetLoss.Compute(logits, labels, null);

        Assert.Equal(CrossEntropy(1, 1) + CrossEntropy(2, 0), loss.item<double>(), 10);
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var random = new Random(5);
        double[] logitValues = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] labelValues = Enumerable.Range(0, 12).Select(_ => (double)random.Next(2)).ToArray();
        double[] dislikeValues = { 0, 1, 0, 0, 0, 1 };
        using Tensor labels = tensor(labelValues, new long[] { 6, 2 });
        using Tensor dislikes = tensor(dislikeValues);
        using Tensor logits = tensor(logitValues, new long[] { 6, 2 }).requires_grad_(true);

        using Tensor loss = ClemNetLoss.Compute(logits, labels, dislikes);
        loss.backward();
        double[] analytic = logits.grad!.data<double>().ToArray();

        const double step = 1e-6;
        for (int index = 0; index < logitValues.Length; index++)
        {
            double Evaluate(double delta)
            {
                double[] shifted = (double[])logitValues.Clone();
                shifted[index] += delta;
                using Tensor shiftedLogits = tensor(shifted, new long[] { 6, 2 });
                using Tensor value = ClemNetLoss.Compute(shiftedLogits, labels, dislikes);
                return value.item<double>();
            }

            double numeric = (Evaluate(step) - Evaluate(-step)) / (2 * step);
            Assert.Equal(numeric, analytic[index], 6);
        }
    }

    [Fact]
    public void RejectsShapeMismatch()
    {
        using Tensor logits = zeros(3, 2);
        using Tensor labels = zeros(3, 1);

        Assert.Throws<ArgumentException>(() => ClemNetLoss.Compute(logits, labels, null));
    }
}
