// This file is compiled into HeavyRanker.Runtime and, as a linked file, into the source
// generator (netstandard2.0): the generator emits the tensor list it computes as constants
// in each <Name>Definition, and the runtime uses the same code to check checkpoints.
// Keep it free of APIs newer than netstandard2.0.
using System;
using System.Collections.Generic;

namespace HeavyRanker.Runtime.Models;

/// <summary>One ClemNet block as the tensor layout needs it.</summary>
public sealed class ClemNetBlockShape
{
    /// <summary>Creates a block description; null <paramref name="denseUnits"/> or <paramref name="convFilters"/> means the step is absent.</summary>
    public ClemNetBlockShape(int? denseUnits, int? convKernel, int? convFilters, int convStride, bool residual)
    {
        DenseUnits = denseUnits;
        ConvKernel = convKernel;
        ConvFilters = convFilters;
        ConvStride = convStride;
        Residual = residual;
    }

    /// <summary>Output length of the channel-wise dense step, or null when the block has none.</summary>
    public int? DenseUnits { get; }

    /// <summary>Convolution kernel width, or null when the block has no convolution.</summary>
    public int? ConvKernel { get; }

    /// <summary>Convolution output channels, or null when the block has no convolution.</summary>
    public int? ConvFilters { get; }

    /// <summary>Convolution stride along the length axis.</summary>
    public int ConvStride { get; }

    /// <summary>Whether a 1×1 convolution of the block input is added to its output.</summary>
    public bool Residual { get; }
}

/// <summary>A named tensor with its shape, as stored in a checkpoint.</summary>
public sealed class TensorShape
{
    /// <summary>Creates a tensor description.</summary>
    public TensorShape(string name, int[] shape, bool trainable)
    {
        Name = name;
        Shape = shape;
        Trainable = trainable;
    }

    /// <summary>Checkpoint key, for example <c>towers.0.blocks.1.dense.weight</c>.</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>False for statistics that training updates without gradients (batch-norm moving averages, SparseMaxNorm maxima).</summary>
    public bool Trainable { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (int dimension in Shape)
            {
                count *= dimension;
            }

            return count;
        }
    }
}

/// <summary>
/// The checkpoint tensor names and shapes of a ClemNet model. Every consumer of a checkpoint
/// (the TorchSharp network, the scorer, the ONNX exporter, the warm-start rewriter) uses these
/// names; docs/checkpoint-format.md lists them.
/// </summary>
public static class ClemNetLayout
{
    /// <summary>Prefix of the dense continuous batch renormalisation tensors.</summary>
    public const string ContinuousNorm = "features.continuous_norm";

    /// <summary>Prefix of the FullSparse layer of DISCRETE, STRING and SPARSE_BINARY entries.</summary>
    public const string SparseNotContinuous = "features.sparse_not_continuous";

    /// <summary>Prefix of the SparseMaxNorm in front of the SPARSE_CONTINUOUS FullSparse layer.</summary>
    public const string SparseContinuousNorm = "features.sparse_continuous_norm";

    /// <summary>Prefix of the FullSparse layer of SPARSE_CONTINUOUS entries.</summary>
    public const string SparseContinuous = "features.sparse_continuous";

    /// <summary>Returns the prefix of tower <paramref name="tower"/>.</summary>
    public static string Tower(int tower) => "towers." + tower.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Returns the prefix of block <paramref name="block"/> of tower <paramref name="tower"/>.</summary>
    public static string Block(int tower, int block) => Tower(tower) + ".blocks." + block.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Returns the name of the first channel-wise dense kernel of a tower, the tensor a warm start remaps along its input axis.</summary>
    public static string FirstDenseKernel(int tower) => Block(tower, 0) + ".dense.weight";

    /// <summary>Computes the model input width F = Nc + Nb + E per present sparse group.</summary>
    public static int InputWidth(int continuousCount, int binaryCount, bool hasSparseNotContinuous, bool hasSparseContinuous, int embeddingSize) =>
        continuousCount + binaryCount + (hasSparseNotContinuous ? embeddingSize : 0) + (hasSparseContinuous ? embeddingSize : 0);

    /// <summary>Computes the SAME-padded output length of a convolution: ceil(length / stride).</summary>
    public static int ConvOutputLength(int length, int stride) => (length + stride - 1) / stride;

    /// <summary>Lists every checkpoint tensor of a ClemNet model, in a fixed order.</summary>
    public static IReadOnlyList<TensorShape> Tensors(
        int continuousCount,
        int binaryCount,
        bool hasSparseNotContinuous,
        bool hasSparseContinuous,
        int sparseBits,
        int embeddingSize,
        int taskCount,
        IReadOnlyList<ClemNetBlockShape> blocks,
        IReadOnlyList<int> topHiddenUnits)
    {
        var tensors = new List<TensorShape>();
        int buckets = 1 << sparseBits;

        if (continuousCount > 0)
        {
            AddBatchNorm(tensors, ContinuousNorm, continuousCount);
            tensors.Add(new TensorShape(ContinuousNorm + ".renorm_mean", new[] { continuousCount }, false));
            tensors.Add(new TensorShape(ContinuousNorm + ".renorm_stddev", new[] { continuousCount }, false));
        }

        if (hasSparseNotContinuous)
        {
            tensors.Add(new TensorShape(SparseNotContinuous + ".weight", new[] { buckets, embeddingSize }, true));
            tensors.Add(new TensorShape(SparseNotContinuous + ".bias", new[] { embeddingSize }, true));
        }

        if (hasSparseContinuous)
        {
            tensors.Add(new TensorShape(SparseContinuousNorm + ".max", new[] { buckets }, false));
            tensors.Add(new TensorShape(SparseContinuousNorm + ".bias", new[] { buckets }, true));
            tensors.Add(new TensorShape(SparseContinuous + ".weight", new[] { buckets, embeddingSize }, true));
            tensors.Add(new TensorShape(SparseContinuous + ".bias", new[] { embeddingSize }, true));
        }

        int inputWidth = InputWidth(continuousCount, binaryCount, hasSparseNotContinuous, hasSparseContinuous, embeddingSize);
        for (int tower = 0; tower < taskCount; tower++)
        {
            int length = inputWidth;
            int channels = 1;
            for (int index = 0; index < blocks.Count; index++)
            {
                ClemNetBlockShape block = blocks[index];
                string prefix = Block(tower, index);
                int inputChannels = channels;

                if (block.DenseUnits is int units)
                {
                    tensors.Add(new TensorShape(prefix + ".dense.weight", new[] { channels, length, units }, true));
                    tensors.Add(new TensorShape(prefix + ".dense.bias", new[] { channels, units }, true));
                    AddBatchNorm(tensors, prefix + ".dense_norm", units);
                    length = units;
                }

                if (block.ConvFilters is int filters && block.ConvKernel is int kernel)
                {
                    tensors.Add(new TensorShape(prefix + ".conv.weight", new[] { filters, channels, kernel }, true));
                    tensors.Add(new TensorShape(prefix + ".conv.bias", new[] { filters }, true));
                    length = ConvOutputLength(length, block.ConvStride);
                    channels = filters;
                    AddBatchNorm(tensors, prefix + ".conv_norm", length);
                }

                if (block.Residual)
                {
                    // A 1×1 convolution without bias maps the block input channels to the output channels.
                    tensors.Add(new TensorShape(prefix + ".residual.weight", new[] { channels, inputChannels, 1 }, true));
                }
            }

            int width = length * channels;
            for (int hidden = 0; hidden < topHiddenUnits.Count; hidden++)
            {
                string prefix = Tower(tower) + ".top." + hidden.ToString(System.Globalization.CultureInfo.InvariantCulture);
                tensors.Add(new TensorShape(prefix + ".weight", new[] { topHiddenUnits[hidden], width }, true));
                tensors.Add(new TensorShape(prefix + ".bias", new[] { topHiddenUnits[hidden] }, true));
                width = topHiddenUnits[hidden];
            }

            tensors.Add(new TensorShape(Tower(tower) + ".logits.weight", new[] { 1, width }, true));
            tensors.Add(new TensorShape(Tower(tower) + ".logits.bias", new[] { 1 }, true));
        }

        return tensors;
    }

    private static void AddBatchNorm(List<TensorShape> tensors, string prefix, int size)
    {
        // PyTorch names, so a PyTorch user reads the checkpoint without a mapping:
        // weight is TensorFlow's gamma (scale), bias its beta (offset).
        tensors.Add(new TensorShape(prefix + ".weight", new[] { size }, true));
        tensors.Add(new TensorShape(prefix + ".bias", new[] { size }, true));
        tensors.Add(new TensorShape(prefix + ".running_mean", new[] { size }, false));
        tensors.Add(new TensorShape(prefix + ".running_var", new[] { size }, false));
    }
}
