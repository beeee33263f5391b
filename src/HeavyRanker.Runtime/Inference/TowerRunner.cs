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
    /// Computes the convolution with TensorFlow SAME padding as shifted multiply-adds along the
    /// length axis, then the folded norm s[o]·x + shift[f, o] and the activation.
    /// </summary>
    private static void Convolve(FoldedBlock block, ReadOnlySpan<float> source, int rows, int length, int channels, Span<float> destination)
    {
        float[] weight = block.ConvWeight!;
        int kernel = block.ConvKernel;
        int outputLength = block.OutputLength;
        int stride = block.ConvStride;
        int padLeft = block.ConvPadLeft;

        for (int filter = 0; filter < block.ConvFilters; filter++)
        {
            ReadOnlySpan<float> shift = block.ConvShift.AsSpan(filter * outputLength, outputLength);
            for (int row = 0; row < rows; row++)
            {
                Span<float> output = destination.Slice(((filter * rows) + row) * outputLength, outputLength);
                output.Clear();
                for (int channel = 0; channel < channels; channel++)
                {
                    ReadOnlySpan<float> inputRow = source.Slice(((channel * rows) + row) * length, length);
                    for (int tap = 0; tap < kernel; tap++)
                    {
                        float w = weight[(((filter * channels) + channel) * kernel) + tap];
                        int offset = tap - padLeft;
                        if (stride == 1)
                        {
                            int first = Math.Max(0, -offset);
                            int end = Math.Min(outputLength, length - offset);
                            if (end > first)
                            {
                                VectorMath.MultiplyAdd(inputRow.Slice(first + offset, end - first), w, output.Slice(first, end - first));
                            }
                        }
                        else
                        {
                            for (int position = 0; position < outputLength; position++)
                            {
                                int inputPosition = (position * stride) + offset;
                                if ((uint)inputPosition < (uint)length)
                                {
                                    output[position] = MathF.FusedMultiplyAdd(inputRow[inputPosition], w, output[position]);
                                }
                            }
                        }
                    }
                }

                VectorMath.AffineActivate(output, block.ConvScale, shift, block.Activation);
            }
        }
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
