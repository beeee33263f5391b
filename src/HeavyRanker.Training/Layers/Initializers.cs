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
    public static void GlorotUniform(Tensor weight, long fanIn, long fanOut)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        using (no_grad())
        {
            nn.init.uniform_(weight, -limit, limit);
        }
    }
}
