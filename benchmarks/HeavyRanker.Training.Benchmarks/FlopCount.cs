using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Training.Benchmarks;

/// <summary>Multiply-add counts of a ClemNet model, the basis of the FLOP bound.</summary>
internal static class FlopCount
{
    /// <summary>
    /// Counts the forward FLOPs of one example (2 per multiply-add) in the GEMM-like layers:
    /// channel-wise dense, convolutions, residuals, top and logit layers of every tower, and the
    /// FullSparse sums over <paramref name="sparseEntries"/> entries. Element-wise work (batch
    /// norm, activations) is left out, so the bound it gives is optimistic.
    /// </summary>
    public static double ForwardPerExample(IModelDefinition definition, int sparseEntries)
    {
        double flops = 2.0 * sparseEntries * definition.EmbeddingSize;
        foreach (TaskDefinition _ in definition.Tasks)
        {
            long length = definition.InputWidth;
            long channels = 1;
            foreach (BlockDefinition block in definition.Architecture.Blocks)
            {
                long inputLength = length;
                long inputChannels = channels;
                if (block.DenseUnits is int units)
                {
                    flops += 2.0 * channels * length * units;
                    length = units;
                }

                if (block.ConvFilters is int filters && block.ConvKernel is int kernel)
                {
                    length = ClemNetLayout.ConvOutputLength((int)length, block.ConvStride);
                    flops += 2.0 * length * kernel * channels * filters;
                    channels = filters;
                }

                if (block.Residual)
                {
                    flops += 2.0 * inputLength * inputChannels * channels;
                }
            }

            long width = length * channels;
            foreach (int units in definition.Architecture.TopHiddenUnits)
            {
                flops += 2.0 * width * units;
                width = units;
            }

            flops += 2.0 * width;
        }

        return flops;
    }

    /// <summary>
    /// Estimates training FLOPs per example as 3 × forward: the backward pass computes a weight
    /// gradient and an input gradient per GEMM, each as large as the forward product. The first
    /// layer needs no input gradient, so this slightly overstates the work.
    /// </summary>
    public static double TrainingPerExample(IModelDefinition definition, int sparseEntries) =>
        3 * ForwardPerExample(definition, sparseEntries);
}
