using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Network;

/// <summary>
/// One ClemNet block over <c>[batch, length, channels]</c>: channel-wise dense → batch norm over
/// axis 1 → activation (when the block has a dense step); Conv1D SAME → batch norm over axis 1
/// → activation (when it has a convolution); plus a bias-free 1×1 convolution of the block
/// input when it is residual. Checkpoint names: <c>dense</c>, <c>dense_norm</c>, <c>conv</c>,
/// <c>conv_norm</c>, <c>residual</c>.
/// </summary>
public sealed class ClemNetBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly ChannelWiseDense? dense;
    private readonly BatchNormalization? dense_norm;
    private readonly Conv1dSame? conv;
    private readonly BatchNormalization? conv_norm;
    private readonly Conv1dSame? residual;
#pragma warning restore IDE1006

    private readonly string _activation;

    /// <summary>Creates a block for an input of <paramref name="length"/> × <paramref name="channels"/>, drawing initial kernels from <paramref name="generator"/>.</summary>
    /// <exception cref="ArgumentException">The activation is unknown, or the block is residual but changes the length.</exception>
    public ClemNetBlock(BlockDefinition definition, long length, long channels, Generator? generator = null)
        : base(nameof(ClemNetBlock))
    {
        Activations.Validate(definition.Activation);
        _activation = definition.Activation;
        long inputLength = length;
        long inputChannels = channels;

        if (definition.DenseUnits is int units)
        {
            dense = new ChannelWiseDense(channels, length, units, generator);
            dense_norm = new BatchNormalization(units);
            length = units;
        }

        if (definition.ConvFilters is int filters && definition.ConvKernel is int kernel)
        {
            conv = new Conv1dSame(channels, filters, kernel, definition.ConvStride, generator: generator);
            length = ClemNetLayout.ConvOutputLength((int)length, definition.ConvStride);
            channels = filters;
            conv_norm = new BatchNormalization(length);
        }

        if (definition.Residual)
        {
            if (length != inputLength)
            {
                throw new ArgumentException(
                    $"A residual block must keep its length, but this one maps length {inputLength} to {length}; set the dense units to {inputLength} and the stride to 1, or turn the residual off.",
                    nameof(definition));
            }

            residual = new Conv1dSame(inputChannels, channels, 1, 1, useBias: false, generator: generator);
        }

        OutputLength = length;
        OutputChannels = channels;
        RegisterComponents();
    }

    /// <summary>Length of the block output.</summary>
    public long OutputLength { get; }

    /// <summary>Channels of the block output.</summary>
    public long OutputChannels { get; }

    /// <summary>Maps <c>[batch, length, channels]</c> to <c>[batch, OutputLength, OutputChannels]</c>.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        if (dense is not null && dense_norm is not null)
        {
            x = Activations.Apply(_activation, dense_norm.forward(dense.forward(x)));
        }

        if (conv is not null && conv_norm is not null)
        {
            x = Activations.Apply(_activation, conv_norm.forward(conv.forward(x)));
        }

        if (residual is not null)
        {
            x = x + residual.forward(input);
        }

        return (ReferenceEquals(x, input) ? input.alias() : x).MoveToOuterDisposeScope();
    }
}
