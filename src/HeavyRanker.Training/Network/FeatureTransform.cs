using HeavyRanker.Training.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Network;

/// <summary>
/// The network's input transforms, checkpoint prefix <c>features</c>: the dense continuous
/// block (NaN and ±Inf → 0, sign(x)·ln(|x| + 1), batch renormalisation, clip to [−5, 5], NaN →
/// 0), the binary block (NaN and ±Inf → 0), and the two sparse groups (FullSparse; SparseMaxNorm
/// then FullSparse). Produces the model input [continuous, binary, sparse not continuous (E),
/// sparse continuous (E)] of width F, leaving out absent parts.
/// </summary>
public sealed class FeatureTransform : nn.Module<NetworkInput, Tensor>
{
    /// <summary>Bound of the clip after normalisation.</summary>
    public const double ClipBound = 5.0;

#pragma warning disable IDE1006
    private readonly BatchRenormalization? continuous_norm;
    private readonly FullSparse? sparse_not_continuous;
    private readonly SparseMaxNorm? sparse_continuous_norm;
    private readonly FullSparse? sparse_continuous;
#pragma warning restore IDE1006

    /// <summary>Creates the transforms for the given block widths; a sparse group's layers exist only when the group does.</summary>
    public FeatureTransform(int continuousCount, int binaryCount, bool hasSparseNotContinuous, bool hasSparseContinuous, int sparseBits, int embeddingSize)
        : base(nameof(FeatureTransform))
    {
        ContinuousCount = continuousCount;
        BinaryCount = binaryCount;
        long buckets = 1L << sparseBits;
        continuous_norm = continuousCount > 0 ? new BatchRenormalization(continuousCount) : null;
        sparse_not_continuous = hasSparseNotContinuous ? new FullSparse(buckets, embeddingSize) : null;
        sparse_continuous_norm = hasSparseContinuous ? new SparseMaxNorm(buckets) : null;
        sparse_continuous = hasSparseContinuous ? new FullSparse(buckets, embeddingSize) : null;
        RegisterComponents();
    }

    /// <summary>Number of continuous features Nc.</summary>
    public int ContinuousCount { get; }

    /// <summary>Number of binary features Nb.</summary>
    public int BinaryCount { get; }

    /// <summary>Applies the dense continuous transform to <c>[batch, Nc]</c>.</summary>
    public Tensor TransformContinuous(Tensor continuous)
    {
        if (continuous_norm is null)
        {
            throw new InvalidOperationException("The model has no continuous features.");
        }

        using var scope = NewDisposeScope();
        Tensor finite = continuous.nan_to_num(0, 0, 0);
        Tensor logarithm = finite.sign() * finite.abs().log1p();
        Tensor normalized = continuous_norm.forward(logarithm);
        return normalized.clamp(-ClipBound, ClipBound).nan_to_num(0, 0, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Builds the model input <c>[batch, F]</c>.</summary>
    public override Tensor forward(NetworkInput input)
    {
        if (input.Continuous.shape[1] != ContinuousCount || input.Binary.shape[1] != BinaryCount)
        {
            throw new ArgumentException(
                $"The input has {input.Continuous.shape[1]} continuous and {input.Binary.shape[1]} binary features; the model expects {ContinuousCount} and {BinaryCount}.",
                nameof(input));
        }

        using var scope = NewDisposeScope();
        var parts = new List<Tensor>(4);
        if (continuous_norm is not null)
        {
            parts.Add(TransformContinuous(input.Continuous));
        }

        if (BinaryCount > 0)
        {
            parts.Add(input.Binary.nan_to_num(0, 0, 0));
        }

        if (sparse_not_continuous is not null)
        {
            SparseTensors group = input.SparseNotContinuous;
            parts.Add(sparse_not_continuous.forward(group.Keys, group.Offsets, group.Values));
        }

        if (sparse_continuous_norm is not null && sparse_continuous is not null)
        {
            SparseTensors group = input.SparseContinuous;
            Tensor normalized = sparse_continuous_norm.forward(group.Keys, group.Values);
            parts.Add(sparse_continuous.forward(group.Keys, group.Offsets, normalized));
        }

        if (parts.Count == 0)
        {
            throw new InvalidOperationException("The model has no input features.");
        }

        Tensor joined = parts.Count == 1 ? parts[0].alias() : cat(parts, 1);
        return joined.MoveToOuterDisposeScope();
    }
}
