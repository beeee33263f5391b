using TorchSharp;
using static TorchSharp.torch;

namespace HeavyRanker.Training;

/// <summary>
/// The heavy ranker's training loss. A record whose dislike label is 1 gets all task labels set
/// to 0. Task 0 has weight 1 per record and task t ≥ 1 the (masked) label of task t − 1, so with
/// the two default tasks the weights are [1, open label]: engagement counts only on opened
/// notifications. The loss is Σ over records and tasks of weight / batch size × sigmoid
/// cross-entropy of the logit against the masked label.
/// </summary>
public static class ClemNetLoss
{
    /// <summary>
    /// Computes the scalar loss from <paramref name="logits"/> <c>[batch, tasks]</c>, raw
    /// <paramref name="labels"/> <c>[batch, tasks]</c> and <paramref name="dislikes"/> <c>[batch]</c>
    /// (null when the spec has no dislike column). A dislike value above 0.5 counts as 1.
    /// </summary>
    public static Tensor Compute(Tensor logits, Tensor labels, Tensor? dislikes)
    {
        if (logits.dim() != 2 || !logits.shape.SequenceEqual(labels.shape))
        {
            throw new ArgumentException($"Logits [{string.Join(", ", logits.shape)}] and labels [{string.Join(", ", labels.shape)}] must both be [batch, tasks].", nameof(labels));
        }

        using var scope = NewDisposeScope();
        long batchSize = logits.shape[0];
        long taskCount = logits.shape[1];
        Tensor targets = labels.to_type(logits.dtype);
        if (dislikes is not null)
        {
            Tensor disliked = dislikes.gt(0.5).unsqueeze(1);
            targets = targets.masked_fill(disliked, 0);
        }

        Tensor weights = taskCount == 1
            ? ones_like(targets)
            : cat(new[] { ones_like(targets.narrow(1, 0, 1)), targets.narrow(1, 0, taskCount - 1) }, 1);
        weights = (weights / batchSize).detach();

        Tensor loss = nn.functional.binary_cross_entropy_with_logits(logits, targets, weights, reduction: nn.Reduction.Sum);
        return loss.MoveToOuterDisposeScope();
    }
}
