using TorchSharp;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>Keras-compatible weight initialisers.</summary>
internal static class Initializers
{
    /// <summary>
    /// Fills <paramref name="weight"/> from U(−limit, limit) with limit = sqrt(6 / (fanIn + fanOut)),
    /// Keras's Glorot-uniform rule, with the fans given explicitly because Keras and PyTorch count
    /// them differently for the channel-wise and convolution kernels.
    /// </summary>
    /// <remarks>A null <paramref name="generator"/> draws from TorchSharp's global generator.</remarks>
    public static void GlorotUniform(Tensor weight, long fanIn, long fanOut, Generator? generator)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        using (no_grad())
        {
            // Tensor.uniform_, not nn.init.uniform_: in TorchSharp 0.107.0 the latter drew from the
            // global generator even when given one (seen as two equally seeded networks differing).
            weight.uniform_(-limit, limit, generator);
        }
    }
}
