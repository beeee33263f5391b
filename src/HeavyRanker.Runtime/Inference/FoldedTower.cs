using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// One tower's weights in the form the scorer runs: batch norms folded, GEMM operands packed,
/// flatten order changed to the scorer's channel-major layout.
/// </summary>
/// <remarks>
/// Batch norm in evaluation is y = x·s + t per position o along the length axis, with
/// s = γ / sqrt(σ² + 1e-3) and t = β − μ·s. After a channel-wise dense step every output
/// position o has its own kernel column K[c, :, o] and bias b[c, o], so the norm folds exactly
/// into them: K'[c, l, o] = K[c, l, o]·s[o] and b'[c, o] = b[c, o]·s[o] + t[o]. After a
/// convolution the kernel is shared by all positions, so s cannot go into it. The scorer keeps
/// s[o] as a per-position scale and folds the convolution bias into a per-position,
/// per-filter shift bias[f]·s[o] + t[o].
/// </remarks>
internal sealed class FoldedTower
{
    public FoldedTower(FoldedBlock[] blocks, PackedMatrix[] top, Activation topActivation, PackedMatrix logits, int outputLength, int outputChannels)
    {
        Blocks = blocks;
        Top = top;
        TopActivation = topActivation;
        Logits = logits;
        OutputLength = outputLength;
        OutputChannels = outputChannels;
    }

    // Arrays, not lists: foreach over an interface would allocate an enumerator per call.
    public FoldedBlock[] Blocks { get; }

    public PackedMatrix[] Top { get; }

    public Activation TopActivation { get; }

    public PackedMatrix Logits { get; }

    public int OutputLength { get; }

    public int OutputChannels { get; }

    /// <summary>Folds and packs tower <paramref name="tower"/> of <paramref name="checkpoint"/>.</summary>
    public static FoldedTower Create(IModelDefinition definition, Checkpoint checkpoint, int tower)
    {
        int length = definition.InputWidth;
        int channels = 1;
        var blocks = new List<FoldedBlock>();
        for (int index = 0; index < definition.Architecture.Blocks.Count; index++)
        {
            FoldedBlock block = FoldedBlock.Create(definition.Architecture.Blocks[index], checkpoint, ClemNetLayout.Block(tower, index), length, channels);
            blocks.Add(block);
            length = block.OutputLength;
            channels = block.OutputChannels;
        }

        var top = new List<PackedMatrix>();
        int width = length * channels;
        bool flattened = true;
        IReadOnlyList<int> hidden = definition.Architecture.TopHiddenUnits;
        for (int index = 0; index < hidden.Count; index++)
        {
            string prefix = ClemNetLayout.Tower(tower) + ".top." + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            top.Add(PackLinear(checkpoint, prefix, width, hidden[index], flattened ? (length, channels) : null));
            width = hidden[index];
            flattened = false;
        }

        PackedMatrix logits = PackLinear(checkpoint, ClemNetLayout.Tower(tower) + ".logits", width, 1, flattened ? (length, channels) : null);
        return new FoldedTower(blocks.ToArray(), top.ToArray(), ActivationFunctions.Parse(definition.Architecture.TopActivation), logits, length, channels);
    }

    /// <summary>
    /// Packs a PyTorch linear layer (weight <c>[outputs, inputs]</c>) as B <c>[inputs, outputs]</c>.
    /// When it reads a flattened block output, its inputs are re-ordered from TensorFlow's
    /// channels-last flatten (o·C + c) to the scorer's channel-major one (c·L + o).
    /// </summary>
    private static PackedMatrix PackLinear(Checkpoint checkpoint, string prefix, int inputs, int outputs, (int Length, int Channels)? flattenedBlock)
    {
        float[] weight = checkpoint[prefix + ".weight"].Data;
        float[] bias = checkpoint[prefix + ".bias"].Data;
        return PackedMatrix.Pack(
            inputs,
            outputs,
            (row, column) =>
            {
                int source = row;
                if (flattenedBlock is (int length, int channels))
                {
                    int channel = row / length;
                    int position = row % length;
                    source = (position * channels) + channel;
                }

                return weight[((long)column * inputs) + source];
            },
            column => bias[column]);
    }
}

/// <summary>One block with its batch norms folded (see <see cref="FoldedTower"/>).</summary>
internal sealed class FoldedBlock
{
    /// <summary>Added to the variance before the square root, as in TensorFlow 1 batch norm.</summary>
    public const double BatchNormEpsilon = 1e-3;

    public required Activation Activation { get; init; }

    public required int InputLength { get; init; }

    public required int InputChannels { get; init; }

    /// <summary>Channel-wise dense kernels with the norm folded in, one per input channel, or null.</summary>
    public PackedMatrix[]? Dense { get; init; }

    public int DenseUnits { get; init; }

    /// <summary>Convolution kernel <c>[filters, channels, kernel]</c>, or null.</summary>
    public float[]? ConvWeight { get; init; }

    public int ConvKernel { get; init; }

    public int ConvFilters { get; init; }

    public int ConvStride { get; init; }

    public int ConvPadLeft { get; init; }

    /// <summary>Per-position scale s[o] of the norm after the convolution, <c>[length]</c>.</summary>
    public float[]? ConvScale { get; init; }

    /// <summary>Per-filter, per-position shift bias[f]·s[o] + t[o], <c>[filters, length]</c>.</summary>
    public float[]? ConvShift { get; init; }

    /// <summary>Residual 1×1 kernel <c>[filters, inputChannels]</c>, or null.</summary>
    public float[]? ResidualWeight { get; init; }

    public required int OutputLength { get; init; }

    public required int OutputChannels { get; init; }

    public static FoldedBlock Create(BlockDefinition definition, Checkpoint checkpoint, string prefix, int length, int channels)
    {
        int inputLength = length;
        int inputChannels = channels;
        PackedMatrix[]? dense = null;
        int units = 0;
        if (definition.DenseUnits is int denseUnits)
        {
            units = denseUnits;
            (double[] scale, double[] shift) = NormAffine(checkpoint, prefix + ".dense_norm");
            float[] kernel = checkpoint[prefix + ".dense.weight"].Data;
            float[] bias = checkpoint[prefix + ".dense.bias"].Data;
            dense = new PackedMatrix[channels];
            for (int channel = 0; channel < channels; channel++)
            {
                int c = channel;
                int rows = length;
                dense[channel] = PackedMatrix.Pack(
                    length,
                    denseUnits,
                    (row, column) => (float)(kernel[(((long)c * rows) + row) * denseUnits + column] * scale[column]),
                    column => (float)((bias[(c * denseUnits) + column] * scale[column]) + shift[column]));
            }

            length = denseUnits;
        }

        float[]? convWeight = null;
        float[]? convScale = null;
        float[]? convShift = null;
        int kernelWidth = 0;
        int filters = 0;
        int padLeft = 0;
        if (definition.ConvFilters is int convFilters && definition.ConvKernel is int convKernel)
        {
            kernelWidth = convKernel;
            filters = convFilters;
            int outputLength = ClemNetLayout.ConvOutputLength(length, definition.ConvStride);
            int totalPadding = Math.Max(((outputLength - 1) * definition.ConvStride) + convKernel - length, 0);
            padLeft = totalPadding / 2;

            convWeight = (float[])checkpoint[prefix + ".conv.weight"].Data.Clone();
            float[] convBias = checkpoint[prefix + ".conv.bias"].Data;
            (double[] scale, double[] shift) = NormAffine(checkpoint, prefix + ".conv_norm");
            convScale = new float[outputLength];
            convShift = new float[filters * outputLength];
            for (int position = 0; position < outputLength; position++)
            {
                convScale[position] = (float)scale[position];
                for (int filter = 0; filter < filters; filter++)
                {
                    convShift[(filter * outputLength) + position] = (float)((convBias[filter] * scale[position]) + shift[position]);
                }
            }

            length = outputLength;
            channels = convFilters;
        }

        float[]? residual = definition.Residual ? (float[])checkpoint[prefix + ".residual.weight"].Data.Clone() : null;
        return new FoldedBlock
        {
            Activation = ActivationFunctions.Parse(definition.Activation),
            InputLength = inputLength,
            InputChannels = inputChannels,
            Dense = dense,
            DenseUnits = units,
            ConvWeight = convWeight,
            ConvKernel = kernelWidth,
            ConvFilters = filters,
            ConvStride = definition.ConvStride,
            ConvPadLeft = padLeft,
            ConvScale = convScale,
            ConvShift = convShift,
            ResidualWeight = residual,
            OutputLength = length,
            OutputChannels = channels,
        };
    }

    /// <summary>Computes the evaluation-mode affine form s, t of the batch norm at <paramref name="prefix"/>, in double.</summary>
    internal static (double[] Scale, double[] Shift) NormAffine(Checkpoint checkpoint, string prefix)
    {
        float[] gamma = checkpoint[prefix + ".weight"].Data;
        float[] beta = checkpoint[prefix + ".bias"].Data;
        float[] mean = checkpoint[prefix + ".running_mean"].Data;
        float[] variance = checkpoint[prefix + ".running_var"].Data;
        double[] scale = new double[gamma.Length];
        double[] shift = new double[gamma.Length];
        for (int index = 0; index < gamma.Length; index++)
        {
            scale[index] = gamma[index] / Math.Sqrt(variance[index] + BatchNormEpsilon);
            shift[index] = beta[index] - (mean[index] * scale[index]);
        }

        return (scale, shift);
    }
}
