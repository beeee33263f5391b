using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>
/// A 1-D convolution over the length axis of a channels-last <c>[batch, length, channels]</c>
/// tensor with TensorFlow's SAME padding: the output length is ceil(length / stride) and the
/// total padding max((ceil(length / stride) − 1)·stride + kernel − length, 0) is split with the
/// extra element on the right. Output <c>[batch, ceil(length / stride), filters]</c>.
/// </summary>
public sealed class Conv1dSame : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Parameter weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006

    /// <summary>
    /// Creates the layer with a Glorot-uniform kernel <c>[filters, channels, kernel]</c> (Keras's
    /// fans: fan in = kernel·channels, fan out = kernel·filters) and, when <paramref name="useBias"/>, a zero bias.
    /// </summary>
    /// <param name="generator">Source of the initial kernel, or null for TorchSharp's global generator.</param>
    public Conv1dSame(long channels, long filters, long kernel, long stride = 1, bool useBias = true, Generator? generator = null)
        : base(nameof(Conv1dSame))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        Channels = channels;
        Filters = filters;
        Kernel = kernel;
        Stride = stride;
        weight = new Parameter(empty(filters, channels, kernel));
        Initializers.GlorotUniform(weight, kernel * channels, kernel * filters, generator);
        bias = useBias ? new Parameter(zeros(filters)) : null;
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public long Channels { get; }

    /// <summary>Output channels.</summary>
    public long Filters { get; }

    /// <summary>Kernel width.</summary>
    public long Kernel { get; }

    /// <summary>Stride along the length axis.</summary>
    public long Stride { get; }

    /// <summary>Returns the left and right padding SAME uses for an input of <paramref name="length"/>.</summary>
    public static (long Left, long Right) SamePadding(long length, long kernel, long stride)
    {
        long outputLength = (length + stride - 1) / stride;
        long total = Math.Max((outputLength - 1) * stride + kernel - length, 0);
        long left = total / 2;
        return (left, total - left);
    }

    /// <summary>Convolves <c>[batch, length, Channels]</c> into <c>[batch, ceil(length / Stride), Filters]</c>.</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3 || input.shape[2] != Channels)
        {
            throw new ArgumentException($"Conv1D expects [batch, length, {Channels}], got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        (long left, long right) = SamePadding(input.shape[1], Kernel, Stride);
        Tensor channelsFirst = input.transpose(1, 2);
        if (left + right > 0)
        {
            channelsFirst = nn.functional.pad(channelsFirst, new long[] { left, right });
        }

        Tensor output = nn.functional.conv1d(channelsFirst, weight, bias, stride: Stride);
        return output.transpose(1, 2).MoveToOuterDisposeScope();
    }
}
