using HeavyRanker.Runtime.Inference;

namespace HeavyRanker.Runtime.Tests.Inference;

/// <summary>The element-wise kernels at every length from 0 to 40, so every scalar tail runs.</summary>
public sealed class VectorMathTests
{
    [Fact]
    public void MultiplyAddMatchesScalarAtEveryLength()
    {
        var random = new Random(3);
        for (int length = 0; length <= 40; length++)
        {
            float[] x = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
            float[] destination = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
            float[] expected = destination.Select((value, index) => MathF.FusedMultiplyAdd(x[index], 0.37f, value)).ToArray();

            VectorMath.MultiplyAdd(x, 0.37f, destination);

            Assert.Equal(expected, destination);
        }
    }

    [Fact]
    public void AffineActivateMatchesScalarAtEveryLength()
    {
        var random = new Random(4);
        for (int length = 0; length <= 40; length++)
        {
            float[] values = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            float[] scale = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
            float[] shift = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            float[] expected = values.Select((value, index) => Math.Max(MathF.FusedMultiplyAdd(value, scale[index], shift[index]), 0f)).ToArray();

            VectorMath.AffineActivate(values, scale, shift, Activation.Relu);

            Assert.Equal(expected, values);
        }
    }
}
