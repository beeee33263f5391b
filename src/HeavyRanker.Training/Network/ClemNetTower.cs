using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Network;

/// <summary>
/// One ClemNet tower: the model input <c>[batch, F]</c> viewed as <c>[batch, F, 1]</c>, the
/// blocks, a flatten to <c>[batch, length·channels]</c> (channels vary fastest, as TensorFlow
/// flattens channels-last tensors), the optional top dense layers, and a dense layer to one logit.
/// </summary>
public sealed class ClemNetTower : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly ModuleList<ClemNetBlock> blocks;
    private readonly ModuleList<Linear> top;
    private readonly Linear logits;
#pragma warning restore IDE1006

    private readonly string _topActivation;

    /// <summary>Creates a tower for an input of width <paramref name="inputWidth"/>, drawing initial kernels from <paramref name="generator"/>.</summary>
    public ClemNetTower(ArchitectureDefinition architecture, int inputWidth, Generator? generator = null)
        : base(nameof(ClemNetTower))
    {
        Activations.Validate(architecture.TopActivation);
        _topActivation = architecture.TopActivation;

        long length = inputWidth;
        long channels = 1;
        blocks = new ModuleList<ClemNetBlock>();
        foreach (BlockDefinition definition in architecture.Blocks)
        {
            var block = new ClemNetBlock(definition, length, channels, generator);
            blocks.Add(block);
            length = block.OutputLength;
            channels = block.OutputChannels;
        }

        long width = length * channels;
        top = new ModuleList<Linear>();
        foreach (int units in architecture.TopHiddenUnits)
        {
            top.Add(CreateDense(width, units, generator));
            width = units;
        }

        logits = CreateDense(width, 1, generator);
        RegisterComponents();
    }

    /// <summary>Maps the model input <c>[batch, F]</c> to logits <c>[batch, 1]</c>.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input.unsqueeze(2);
        foreach (ClemNetBlock block in blocks)
        {
            x = block.forward(x);
        }

        x = x.flatten(1);
        foreach (Linear dense in top)
        {
            x = Activations.Apply(_topActivation, dense.forward(x));
        }

        return logits.forward(x).MoveToOuterDisposeScope();
    }

    private static Linear CreateDense(long inputs, long outputs, Generator? generator)
    {
        Linear dense = nn.Linear(inputs, outputs);
        Initializers.GlorotUniform(dense.weight!, inputs, outputs, generator);
        using (no_grad())
        {
            dense.bias!.zero_();
        }

        return dense;
    }
}
