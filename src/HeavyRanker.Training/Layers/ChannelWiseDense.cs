using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>
/// A dense layer per channel: for input <c>[batch, length, channels]</c>, channel c has its own
/// kernel K[c] of shape <c>[length, units]</c> and bias b[c] of shape <c>[units]</c>, and
/// y[b, o, c] = Σ_l x[b, l, c]·K[c, l, o] + b[c, o]. Output <c>[batch, units, channels]</c>.
/// </summary>
public sealed class ChannelWiseDense : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    /// <summary>
    /// Creates the layer with a Glorot-uniform kernel <c>[channels, length, units]</c>, using
    /// Keras's fans for that shape (fan in = length·channels, fan out = units·channels), and a zero bias.
    /// </summary>
    /// <param name="generator">Source of the initial kernel, or null for TorchSharp's global generator.</param>
    public ChannelWiseDense(long channels, long length, long units, Generator? generator = null)
        : base(nameof(ChannelWiseDense))
    {
        Channels = channels;
        Length = length;
        Units = units;
        weight = new Parameter(empty(channels, length, units));
        bias = new Parameter(zeros(channels, units));
        Initializers.GlorotUniform(weight, length * channels, units * channels, generator);
        RegisterComponents();
    }

    /// <summary>Number of channels C.</summary>
    public long Channels { get; }

    /// <summary>Input length L.</summary>
    public long Length { get; }

    /// <summary>Output length O.</summary>
    public long Units { get; }

    /// <summary>Maps <c>[batch, Length, Channels]</c> to <c>[batch, Units, Channels]</c>.</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3 || input.shape[1] != Length || input.shape[2] != Channels)
        {
            throw new ArgumentException($"Channel-wise dense expects [batch, {Length}, {Channels}], got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        if (Channels == 1)
        {
            // One channel is one GEMM: [batch, length] × [length, units].
            Tensor single = addmm(bias, input.squeeze(2), weight[0], 1, 1);
            return single.unsqueeze(2).MoveToOuterDisposeScope();
        }

        // [channels, batch, length] × [channels, length, units] → [channels, batch, units].
        Tensor byChannel = bmm(input.permute(2, 0, 1), weight) + bias.unsqueeze(1);
        return byChannel.permute(1, 2, 0).contiguous().MoveToOuterDisposeScope();
    }
}
