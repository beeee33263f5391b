using System.Runtime.Intrinsics;

namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// Element-wise kernels of the scorer: one Vector256 path plus a scalar tail. Both paths use a
/// fused multiply-add, so an element gets the same bits whichever path handles it.
/// </summary>
internal static class VectorMath
{
    /// <summary>Computes destination[i] = x[i]·weight + destination[i], fused.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float weight, Span<float> destination)
    {
        int count = destination.Length;
        if (x.Length < count)
        {
            throw new ArgumentException("The source is shorter than the destination.", nameof(x));
        }

        int index = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> scale = Vector256.Create(weight);
            for (; index + Vector256<float>.Count <= count; index += Vector256<float>.Count)
            {
                Vector256<float> sum = Vector256.FusedMultiplyAdd(Vector256.Create(x.Slice(index, Vector256<float>.Count)), scale, Vector256.Create((ReadOnlySpan<float>)destination.Slice(index, Vector256<float>.Count)));
                sum.CopyTo(destination.Slice(index, Vector256<float>.Count));
            }
        }

        for (; index < count; index++)
        {
            destination[index] = MathF.FusedMultiplyAdd(x[index], weight, destination[index]);
        }
    }

    /// <summary>Computes values[i] = activation(values[i]·scale[i] + shift[i]), the multiply-add fused.</summary>
    public static void AffineActivate(Span<float> values, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Activation activation)
    {
        int count = values.Length;
        if (scale.Length < count || shift.Length < count)
        {
            throw new ArgumentException("The scale or shift is shorter than the values.", nameof(scale));
        }

        int index = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; index + Vector256<float>.Count <= count; index += Vector256<float>.Count)
            {
                Vector256<float> result = Vector256.FusedMultiplyAdd(
                    Vector256.Create((ReadOnlySpan<float>)values.Slice(index, Vector256<float>.Count)),
                    Vector256.Create(scale.Slice(index, Vector256<float>.Count)),
                    Vector256.Create(shift.Slice(index, Vector256<float>.Count)));
                if (activation == Activation.Relu)
                {
                    result = Vector256.Max(result, Vector256<float>.Zero);
                }

                result.CopyTo(values.Slice(index, Vector256<float>.Count));
            }
        }

        for (; index < count; index++)
        {
            values[index] = ActivationFunctions.ApplyRelu(activation, MathF.FusedMultiplyAdd(values[index], scale[index], shift[index]));
        }

        ActivationFunctions.ApplyNonlinear(activation, values);
    }
}
