using System.Runtime.Intrinsics;

namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// Runs one folded tower over a block of records. Activations are channel-major
/// <c>[channels, rows, length]</c>, so each channel of a channel-wise dense step is one
/// contiguous GEMM operand and each convolution row is a contiguous span for shifted FMAs.
/// </summary>
internal static class TowerRunner
{
    private const int InputBuffer = -1;

    /// <summary>Computes the logits <c>[rows]</c> of <paramref name="tower"/> for the model input <c>[rows, inputWidth]</c>.</summary>
    public static void Run(FoldedTower tower, ReadOnlySpan<float> input, int rows, int inputWidth, ScorerScratch scratch, Span<float> logits)
    {
        float[][] buffers = scratch.Activations;
        int current = InputBuffer;
        int length = inputWidth;
        int channels = 1;

        foreach (FoldedBlock block in tower.Blocks)
        {
            int blockInput = current;
            if (block.Dense is PackedMatrix[] dense)
            {
                int target = FreeBuffer(current, blockInput);
                int units = block.DenseUnits;
                for (int channel = 0; channel < channels; channel++)
                {
                    Gemm.Multiply(
                        View(buffers, input, current).Slice(channel * rows * length, rows * length),
                        rows,
                        dense[channel],
                        buffers[target].AsSpan(channel * rows * units, rows * units),
                        block.Activation);
                }

                current = target;
                length = units;
            }

            if (block.ConvWeight is not null)
            {
                int target = FreeBuffer(current, blockInput);
                Convolve(block, View(buffers, input, current), rows, length, channels, buffers[target]);
                current = target;
                length = block.OutputLength;
                channels = block.OutputChannels;
            }

            if (block.ResidualWeight is float[] residual)
            {
                if (current == blockInput)
                {
                    int target = FreeBuffer(current, blockInput);
                    View(buffers, input, current)[..(channels * rows * length)].CopyTo(buffers[target]);
                    current = target;
                }

                AddResidual(residual, View(buffers, input, blockInput), block.InputChannels, rows, length, channels, buffers[current]);
            }
        }

        ReadOnlySpan<float> flat = View(buffers, input, current)[..(channels * rows * length)];
        int width = channels * length;
        if (channels > 1)
        {
            // [channels, rows, length] → [rows, channels·length]; the top weights were permuted to match.
            int target = FreeBuffer(current, current);
            Span<float> rowMajor = buffers[target];
            for (int row = 0; row < rows; row++)
            {
                for (int channel = 0; channel < channels; channel++)
                {
                    flat.Slice(((channel * rows) + row) * length, length).CopyTo(rowMajor.Slice((row * width) + (channel * length), length));
                }
            }

            current = target;
            flat = rowMajor[..(rows * width)];
        }

        foreach (PackedMatrix top in tower.Top)
        {
            int target = FreeBuffer(current, current);
            Span<float> output = buffers[target].AsSpan(0, rows * top.Columns);
            Gemm.Multiply(flat, rows, top, output, tower.TopActivation);
            current = target;
            flat = output;
        }

        Gemm.Multiply(flat, rows, tower.Logits, scratch.LogitColumn.AsSpan(0, rows), Activation.Linear);
        scratch.LogitColumn.AsSpan(0, rows).CopyTo(logits);
    }

    private static ReadOnlySpan<float> View(float[][] buffers, ReadOnlySpan<float> input, int index) =>
        index == InputBuffer ? input : buffers[index];

    private static int FreeBuffer(int busy, int alsoBusy)
    {
        for (int index = 0; ; index++)
        {
            if (index != busy && index != alsoBusy)
            {
                return index;
            }
        }
    }

    /// <summary>
    /// Computes the convolution with TensorFlow SAME padding, then the folded norm
    /// s[o]·x + shift[f, o] and the activation. Each output element sums its taps in the order
    /// (channel, tap) with fused multiply-adds. Taps that fall on the padding are skipped, which
    /// equals adding 0·w.
    /// </summary>
    private static void Convolve(FoldedBlock block, ReadOnlySpan<float> source, int rows, int length, int channels, Span<float> destination)
    {
        int outputLength = block.OutputLength;
        for (int filter = 0; filter < block.ConvFilters; filter++)
        {
            ReadOnlySpan<float> shift = block.ConvShift.AsSpan(filter * outputLength, outputLength);
            for (int row = 0; row < rows; row++)
            {
                Span<float> output = destination.Slice(((filter * rows) + row) * outputLength, outputLength);
                if (block.ConvStride == 1)
                {
                    ConvolveRow(block, filter, source, row, rows, length, channels, output);
                }
                else
                {
                    ConvolveRowStrided(block, filter, source, row, rows, length, channels, output);
                }

                VectorMath.AffineActivate(output, block.ConvScale, shift, block.Activation);
            }
        }
    }

    /// <summary>
    /// Computes one output row at stride 1. Positions whose taps all fall inside the input run as
    /// one Vector256 pass that keeps the sum in a register across every channel and tap, and the
    /// edges run in scalar code.
    /// </summary>
    private static unsafe void ConvolveRow(FoldedBlock block, int filter, ReadOnlySpan<float> source, int row, int rows, int length, int channels, Span<float> output)
    {
        int kernel = block.ConvKernel;
        int padLeft = block.ConvPadLeft;
        int outputLength = output.Length;
        int interiorStart = Math.Min(padLeft, outputLength);
        int interiorEnd = Math.Max(interiorStart, Math.Min(outputLength, length - kernel + 1 + padLeft));
        float[] weight = block.ConvWeight!;
        int weightStart = filter * channels * kernel;

        fixed (float* input = source)
        fixed (float* result = output)
        fixed (float* weights = weight)
        {
            int position = interiorStart;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; position + 8 <= interiorEnd; position += 8)
                {
                    var sum = Vector256<float>.Zero;
                    for (int channel = 0; channel < channels; channel++)
                    {
                        float* inputRow = input + ((((long)channel * rows) + row) * length) + position - padLeft;
                        float* tapWeights = weights + weightStart + (channel * kernel);
                        for (int tap = 0; tap < kernel; tap++)
                        {
                            sum = Vector256.FusedMultiplyAdd(
                                Vector256.Load(inputRow + tap),
                                Vector256.Create(tapWeights[tap]),
                                sum);
                        }
                    }

                    sum.Store(result + position);
                }
            }

            for (; position < interiorEnd; position++)
            {
                result[position] = ConvolvePosition(input, weights + weightStart, position, 1, padLeft, kernel, channels, rows, row, length);
            }

            for (int edge = 0; edge < interiorStart; edge++)
            {
                result[edge] = ConvolvePosition(input, weights + weightStart, edge, 1, padLeft, kernel, channels, rows, row, length);
            }

            for (int edge = interiorEnd; edge < outputLength; edge++)
            {
                result[edge] = ConvolvePosition(input, weights + weightStart, edge, 1, padLeft, kernel, channels, rows, row, length);
            }
        }
    }

    private static unsafe void ConvolveRowStrided(FoldedBlock block, int filter, ReadOnlySpan<float> source, int row, int rows, int length, int channels, Span<float> output)
    {
        fixed (float* input = source)
        fixed (float* weights = block.ConvWeight)
        {
            for (int position = 0; position < output.Length; position++)
            {
                output[position] = ConvolvePosition(input, weights + (filter * channels * block.ConvKernel), position, block.ConvStride, block.ConvPadLeft, block.ConvKernel, channels, rows, row, length);
            }
        }
    }

    /// <summary>Sums the valid taps of one output position in (channel, tap) order.</summary>
    private static unsafe float ConvolvePosition(float* input, float* filterWeights, int position, int stride, int padLeft, int kernel, int channels, int rows, int row, int length)
    {
        float sum = 0f;
        for (int channel = 0; channel < channels; channel++)
        {
            float* inputRow = input + ((((long)channel * rows) + row) * length);
            for (int tap = 0; tap < kernel; tap++)
            {
                int inputPosition = (position * stride) + tap - padLeft;
                if ((uint)inputPosition < (uint)length)
                {
                    sum = MathF.FusedMultiplyAdd(inputRow[inputPosition], filterWeights[(channel * kernel) + tap], sum);
                }
            }
        }

        return sum;
    }

    /// <summary>Adds the bias-free 1×1 convolution of the block input <c>[inputChannels, rows, length]</c>.</summary>
    private static void AddResidual(float[] weight, ReadOnlySpan<float> blockInput, int inputChannels, int rows, int length, int channels, Span<float> destination)
    {
        for (int filter = 0; filter < channels; filter++)
        {
            for (int row = 0; row < rows; row++)
            {
                Span<float> output = destination.Slice(((filter * rows) + row) * length, length);
                for (int channel = 0; channel < inputChannels; channel++)
                {
                    VectorMath.MultiplyAdd(blockInput.Slice(((channel * rows) + row) * length, length), weight[(filter * inputChannels) + channel], output);
                }
            }
        }
    }
}
