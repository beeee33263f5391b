using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>How one tensor of the new model is produced from the old checkpoint.</summary>
internal enum TensorSource
{
    /// <summary>Copied bit for bit: same name and shape in both.</summary>
    Copy,

    /// <summary>A continuous batch-norm vector, remapped along axis 0 by continuous feature name.</summary>
    ContinuousVector,

    /// <summary>A tower's first channel-wise dense kernel, remapped along axis 1 over the whole input order.</summary>
    FirstDenseKernel,

    /// <summary>A continuous batch-norm vector that the old checkpoint lacks (it had no continuous features).</summary>
    FreshContinuousVector,
}

/// <summary>A tensor of the new model and where its values come from.</summary>
internal sealed record TensorPlan(TensorShape Target, TensorSource Source);
