namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// A named float32 tensor of a checkpoint. <paramref name="Data"/> is row-major (last dimension
/// fastest) with as many elements as the product of <paramref name="Shape"/>, and an empty shape
/// is a scalar. Record equality compares the arrays by reference, not by content.
/// </summary>
/// <param name="Name">Checkpoint key, for example <c>towers.0.logits.weight</c>.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Data">Elements in row-major order.</param>
public sealed record CheckpointTensor(string Name, int[] Shape, float[] Data)
{
    /// <summary>Computes the element count the shape implies (1 for a scalar).</summary>
    public long ShapeElementCount()
    {
        long count = 1;
        foreach (int dimension in Shape)
        {
            count *= dimension;
        }

        return count;
    }
}
