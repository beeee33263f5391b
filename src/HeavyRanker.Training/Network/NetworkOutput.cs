using static TorchSharp.torch;

namespace HeavyRanker.Training.Network;

/// <summary>
/// The outputs of a ClemNet model for a batch: logits and probabilities <c>[batch, tasks]</c>
/// (probability t is the product of the sigmoids of logits 0..t) and the score <c>[batch]</c>,
/// Σ_t w_t·p_t / Σ_t w_t with the tasks' score weights.
/// </summary>
public sealed class NetworkOutput : IDisposable
{
    /// <summary>Creates an output from tensors the caller hands over; the output disposes them.</summary>
    public NetworkOutput(Tensor logits, Tensor probabilities, Tensor score)
    {
        Logits = logits;
        Probabilities = probabilities;
        Score = score;
    }

    /// <summary>Logits, <c>[batch, tasks]</c>.</summary>
    public Tensor Logits { get; }

    /// <summary>Joint probabilities, <c>[batch, tasks]</c>.</summary>
    public Tensor Probabilities { get; }

    /// <summary>Weighted score, <c>[batch]</c>.</summary>
    public Tensor Score { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Logits.Dispose();
        Probabilities.Dispose();
        Score.Dispose();
    }
}
