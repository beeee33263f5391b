using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>
/// twml's FullSparse layer: for each record, out = Σ_k value_k·W[key_k] + b over the record's
/// hashed entries, with W of shape <c>[2^bits, units]</c> initialised to zeros and b to 1/units.
/// W gets a sparse gradient (only the rows a batch touches), because a dense 2^18 × 50 gradient
/// per step would dominate training time.
/// </summary>
/// <remarks>
/// The sum runs in libtorch's embedding bag (mode sum, per-sample weights, sparse gradient),
/// which owns W. This module registers that tensor as its <c>weight</c> parameter, so the
/// state-dict keys are <c>weight</c> and <c>bias</c> and an optimizer updates the bag's table
/// in place. SGD accepts the sparse gradient; Adam does not (see <see cref="Training.OptimizerKind"/>).
/// </remarks>
public sealed class FullSparse : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    // Held through a non-module wrapper: TorchSharp registers every Module-typed field of a
    // module as a child, which would publish the table a second time as "_bag.weight".
    private readonly BagHolder _holder;
    private readonly Parameter _weight;
    private readonly Parameter _bias;

    /// <summary>Creates the layer for <paramref name="buckets"/> hashed columns and <paramref name="units"/> outputs.</summary>
    public FullSparse(long buckets, long units)
        : base(nameof(FullSparse))
    {
        Buckets = buckets;
        Units = units;
        EmbeddingBag bag = nn.EmbeddingBag_from_pretrained(
            zeros(buckets, units),
            freeze: false,
            mode: EmbeddingBagMode.Sum,
            sparse: true);
        _holder = new BagHolder(bag);
        _weight = bag.weight ?? throw new InvalidOperationException("libtorch created an embedding bag without a weight.");
        _bias = new Parameter(full(units, 1.0f / units));

        // Registered by hand under the checkpoint names "weight" and "bias".
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    /// <summary>Number of hashed columns, 2^bits.</summary>
    public long Buckets { get; }

    /// <summary>Output width E.</summary>
    public long Units { get; }

    /// <summary>The table W, <c>[Buckets, Units]</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary>
    /// Computes <c>[batch, Units]</c> from int64 <paramref name="keys"/> <c>[entries]</c>, int64
    /// <paramref name="offsets"/> <c>[batch]</c> (start of each record's entries) and float
    /// <paramref name="values"/> <c>[entries]</c>. A record without entries gets b.
    /// </summary>
    public override Tensor forward(Tensor keys, Tensor offsets, Tensor values)
    {
        using var scope = NewDisposeScope();
        Tensor sums = _holder.Bag.forward(keys, offsets, values);
        return (sums + _bias).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _holder.Bag.Dispose();
            _weight.Dispose();
            _bias.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class BagHolder(EmbeddingBag bag)
    {
        public EmbeddingBag Bag { get; } = bag;
    }
}
