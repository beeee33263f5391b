using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;
using static HeavyRanker.Runtime.Onnx.OnnxGraphBuilder;

namespace HeavyRanker.Runtime.Onnx;

/// <summary>
/// One ClemNet tower as ONNX nodes. Channel-wise dense runs as a batched MatMul over
/// <c>[channels, batch, length]</c> with the batch norm folded into its kernel and bias; the
/// convolution runs as Conv over <c>[batch, channels, length]</c> with explicit SAME pads (the
/// extra element on the right) followed by the per-position affine of its norm.
/// </summary>
internal static class OnnxTowerGraph
{
    private enum Layout
    {
        /// <summary><c>[channels, batch, length]</c>, what MatMul needs.</summary>
        ChannelMajor,

        /// <summary><c>[batch, channels, length]</c>, what Conv needs.</summary>
        BatchMajor,
    }

    /// <summary>Adds the tower's nodes and returns the name of its logit <c>[batch, 1]</c>.</summary>
    public static string Build(OnnxGraphBuilder builder, IModelDefinition definition, Checkpoint checkpoint, int tower, string modelInput)
    {
        string current = builder.Node("Unsqueeze", new[] { modelInput, builder.Constant("axis_channel", new long[] { 0 }, 1) });
        var layout = Layout.ChannelMajor;
        int length = definition.InputWidth;
        int channels = 1;

        for (int index = 0; index < definition.Architecture.Blocks.Count; index++)
        {
            BlockDefinition block = definition.Architecture.Blocks[index];
            string prefix = ClemNetLayout.Block(tower, index);
            string name = prefix.Replace('.', '_');
            string blockInput = current;
            Layout blockInputLayout = layout;
            int inputChannels = channels;

            if (block.DenseUnits is int units)
            {
                current = ToLayout(builder, current, ref layout, Layout.ChannelMajor);
                (float[] kernel, float[] bias) = FoldDense(checkpoint, prefix, units);
                string product = builder.Node("MatMul", new[] { current, builder.Constant(name + "_dense_kernel", kernel, channels, length, units) });
                current = Activate(builder, block.Activation, builder.Node("Add", new[] { product, builder.Constant(name + "_dense_bias", bias, channels, 1, units) }));
                length = units;
            }

            if (block.ConvFilters is int filters && block.ConvKernel is int kernelWidth)
            {
                current = ToLayout(builder, current, ref layout, Layout.BatchMajor);
                int outputLength = ClemNetLayout.ConvOutputLength(length, block.ConvStride);
                int totalPadding = Math.Max(((outputLength - 1) * block.ConvStride) + kernelWidth - length, 0);
                int padLeft = totalPadding / 2;
                CheckpointTensor weight = checkpoint[prefix + ".conv.weight"];
                string convolved = builder.Node(
                    "Conv",
                    new[] { current, builder.Constant(name + "_conv_weight", weight.Data, filters, channels, kernelWidth) },
                    IntsAttribute("kernel_shape", kernelWidth),
                    IntsAttribute("pads", padLeft, totalPadding - padLeft),
                    IntsAttribute("strides", block.ConvStride));

                (float[] scale, float[] shift) = FoldConvNorm(checkpoint, prefix, filters, outputLength);
                string scaled = builder.Node("Mul", new[] { convolved, builder.Constant(name + "_conv_scale", scale, outputLength) });
                current = Activate(builder, block.Activation, builder.Node("Add", new[] { scaled, builder.Constant(name + "_conv_shift", shift, filters, outputLength) }));
                length = outputLength;
                channels = filters;
            }

            if (block.Residual)
            {
                current = ToLayout(builder, current, ref layout, Layout.BatchMajor);
                string residualInput = ToLayout(builder, blockInput, ref blockInputLayout, Layout.BatchMajor);
                CheckpointTensor weight = checkpoint[prefix + ".residual.weight"];
                string residual = builder.Node(
                    "Conv",
                    new[] { residualInput, builder.Constant(name + "_residual_weight", weight.Data, channels, inputChannels, 1) },
                    IntsAttribute("kernel_shape", 1L));
                current = builder.Node("Add", new[] { current, residual });
            }
        }

        // TensorFlow flattens channels-last [batch, length, channels] with channels fastest.
        long[] permutation = layout == Layout.ChannelMajor ? new long[] { 1, 2, 0 } : new long[] { 0, 2, 1 };
        string channelsLast = builder.Node("Transpose", new[] { current }, IntsAttribute("perm", permutation));
        string flat = builder.Node("Reshape", new[] { channelsLast, builder.Constant("flat_shape", new long[] { 0, (long)length * channels }, 2) });

        int width = length * channels;
        IReadOnlyList<int> hidden = definition.Architecture.TopHiddenUnits;
        for (int index = 0; index < hidden.Count; index++)
        {
            string prefix = ClemNetLayout.Tower(tower) + ".top." + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            flat = Activate(builder, definition.Architecture.TopActivation, Dense(builder, checkpoint, prefix, width, hidden[index], flat));
            width = hidden[index];
        }

        return Dense(builder, checkpoint, ClemNetLayout.Tower(tower) + ".logits", width, 1, flat);
    }

    private static string Dense(OnnxGraphBuilder builder, Checkpoint checkpoint, string prefix, int inputs, int outputs, string input)
    {
        string name = prefix.Replace('.', '_');
        return builder.Node(
            "Gemm",
            new[] { input, builder.Constant(name + "_weight", checkpoint[prefix + ".weight"].Data, outputs, inputs), builder.Constant(name + "_bias", checkpoint[prefix + ".bias"].Data, outputs) },
            Attribute("transB", 1L));
    }

    private static string ToLayout(OnnxGraphBuilder builder, string value, ref Layout layout, Layout target)
    {
        if (layout == target)
        {
            return value;
        }

        layout = target;
        return builder.Node("Transpose", new[] { value }, IntsAttribute("perm", 1L, 0L, 2L));
    }

    private static string Activate(OnnxGraphBuilder builder, string activation, string value) => ActivationFunctions.Parse(activation) switch
    {
        Activation.Relu => builder.Node("Relu", new[] { value }),
        Activation.Tanh => builder.Node("Tanh", new[] { value }),
        Activation.Sigmoid => builder.Node("Sigmoid", new[] { value }),
        _ => value,
    };

    /// <summary>Folds the norm after a channel-wise dense step into its kernel <c>[C, L, O]</c> and bias <c>[C, O]</c>, as the scorer does.</summary>
    private static (float[] Kernel, float[] Bias) FoldDense(Checkpoint checkpoint, string prefix, int units)
    {
        (double[] scale, double[] shift) = FoldedBlock.NormAffine(checkpoint, prefix + ".dense_norm");
        float[] kernel = checkpoint[prefix + ".dense.weight"].Data;
        float[] bias = checkpoint[prefix + ".dense.bias"].Data;
        float[] foldedKernel = new float[kernel.Length];
        float[] foldedBias = new float[bias.Length];
        for (long index = 0; index < kernel.Length; index++)
        {
            foldedKernel[index] = (float)(kernel[index] * scale[index % units]);
        }

        for (int index = 0; index < bias.Length; index++)
        {
            foldedBias[index] = (float)((bias[index] * scale[index % units]) + shift[index % units]);
        }

        return (foldedKernel, foldedBias);
    }

    /// <summary>Returns the per-position scale s[o] and the per-filter, per-position shift bias[f]·s[o] + t[o] of the norm after a convolution.</summary>
    private static (float[] Scale, float[] Shift) FoldConvNorm(Checkpoint checkpoint, string prefix, int filters, int length)
    {
        (double[] scale, double[] shift) = FoldedBlock.NormAffine(checkpoint, prefix + ".conv_norm");
        float[] bias = checkpoint[prefix + ".conv.bias"].Data;
        float[] positionScale = new float[length];
        float[] filterShift = new float[filters * length];
        for (int position = 0; position < length; position++)
        {
            positionScale[position] = (float)scale[position];
            for (int filter = 0; filter < filters; filter++)
            {
                filterShift[(filter * length) + position] = (float)((bias[filter] * scale[position]) + shift[position]);
            }
        }

        return (positionScale, filterShift);
    }
}
