using HeavyRanker.Runtime.Inference;

namespace HeavyRanker.Runtime.Tests.Inference;

/// <summary>
/// The packed GEMM against a scalar reference that accumulates the same way (fused multiply-add
/// per k in increasing k, then the bias), so results must match bit for bit. Sizes cover every
/// row tail of the 6-row kernel, every column tail of the 16-wide panel and a depth past the
/// 256 block.
/// </summary>
public sealed class GemmTests
{
    public static TheoryData<int> Depths => new() { 0, 1, 2, 3, 7, 16, 31, 255, 256, 257, 300 };

    [Theory]
    [MemberData(nameof(Depths))]
    public void MatchesScalarReferenceForEverySize(int depth)
    {
        var random = new Random(depth);
        for (int rows = 0; rows <= 13; rows++)
        {
            for (int columns = 1; columns <= 35; columns++)
            {
                float[] a = RandomArray(random, rows * depth);
                float[] b = RandomArray(random, depth * columns);
                float[] bias = RandomArray(random, columns);
                PackedMatrix packed = PackedMatrix.Pack(depth, columns, (k, n) => b[(k * columns) + n], n => bias[n]);
                foreach (Activation activation in new[] { Activation.Linear, Activation.Relu, Activation.Tanh })
                {
                    float[] actual = new float[rows * columns];
                    Gemm.Multiply(a, rows, packed, actual, activation);

                    float[] expected = Reference(a, b, bias, rows, depth, columns, activation);
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"rows {rows}, depth {depth}, columns {columns}, {activation}: results differ.");
                }
            }
        }
    }

    [Fact]
    public void RejectsShortBuffers()
    {
        PackedMatrix packed = PackedMatrix.Pack(4, 3, (_, _) => 1f, _ => 0f);

        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[7], 2, packed, new float[6], Activation.Linear));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[8], 2, packed, new float[5], Activation.Linear));
    }

    private static float[] Reference(float[] a, float[] b, float[] bias, int rows, int depth, int columns, Activation activation)
    {
        float[] c = new float[rows * columns];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                float sum = 0f;
                for (int k = 0; k < depth; k++)
                {
                    sum = MathF.FusedMultiplyAdd(a[(row * depth) + k], b[(k * columns) + column], sum);
                }

                float value = sum + bias[column];
                c[(row * columns) + column] = activation switch
                {
                    Activation.Relu => Math.Max(value, 0f),
                    Activation.Tanh => MathF.Tanh(value),
                    _ => value,
                };
            }
        }

        return c;
    }

    private static float[] RandomArray(Random random, int length)
    {
        float[] values = new float[length];
        for (int index = 0; index < length; index++)
        {
            values[index] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }
}
