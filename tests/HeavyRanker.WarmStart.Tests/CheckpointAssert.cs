using HeavyRanker.Runtime.Checkpoints;

namespace HeavyRanker.WarmStart.Tests;

/// <summary>Bit-level comparisons of checkpoints and floats.</summary>
internal static class CheckpointAssert
{
    /// <summary>Asserts that both checkpoints list the same tensors in the same order with the same shapes and bits.</summary>
    public static void TensorsBitIdentical(Checkpoint expected, Checkpoint actual)
    {
        Assert.Equal(expected.Tensors.Select(tensor => tensor.Name), actual.Tensors.Select(tensor => tensor.Name));
        foreach (CheckpointTensor tensor in expected.Tensors)
        {
            CheckpointTensor other = actual[tensor.Name];
            Assert.Equal(tensor.Shape, other.Shape);
            Assert.True(SameBits(tensor.Data, other.Data), $"Tensor '{tensor.Name}' differs in at least one bit.");
        }
    }

    /// <summary>Compares two float arrays bit for bit, so -0 and 0 differ and equal NaNs match.</summary>
    public static bool SameBits(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length)
        {
            return false;
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Computes the population standard deviation in double precision.</summary>
    public static double StandardDeviation(float[] values)
    {
        double mean = values.Average(value => (double)value);
        return Math.Sqrt(values.Sum(value => (value - mean) * (value - mean)) / values.Length);
    }
}
