using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>
/// twml's SparseMaxNorm for hashed continuous entries: a per-column running maximum of |value|
/// (<c>max</c>, a buffer that training updates without gradient) and a trainable per-column
/// <c>bias</c>. For an entry (key k, value v), v' = v / max(m, ε) and the output is
/// stop_gradient(v') + bias[k]. In training, entries are processed one by one in batch order:
/// m = max(max[k], |v|) and max[k] ← m, so a key repeated within a batch is divided by the maximum so
/// far. In evaluation, m = max[k] and nothing is updated.
/// </summary>
public sealed class SparseMaxNorm : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Lower bound of the divisor.</summary>
    public const float Epsilon = 1e-5f;

#pragma warning disable IDE1006
    private readonly Tensor max;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    /// <summary>Creates the layer for <paramref name="buckets"/> hashed columns, with maxima and biases at 0.</summary>
    public SparseMaxNorm(long buckets)
        : base(nameof(SparseMaxNorm))
    {
        Buckets = buckets;
        max = zeros(buckets);
        bias = new Parameter(zeros(buckets));
        RegisterComponents();
    }

    /// <summary>Number of hashed columns, 2^bits.</summary>
    public long Buckets { get; }

    /// <summary>Normalises float <paramref name="values"/> <c>[entries]</c> of int64 <paramref name="keys"/> <c>[entries]</c> and returns <c>[entries]</c>.</summary>
    /// <remarks>The training path walks the entries on the CPU, so keys, values and the module must be on the CPU.</remarks>
    public override Tensor forward(Tensor keys, Tensor values)
    {
        using var scope = NewDisposeScope();
        Tensor normalized = training ? NormalizeAndUpdate(keys, values) : NormalizeWithoutUpdate(keys, values);
        return (normalized + bias.index_select(0, keys)).MoveToOuterDisposeScope();
    }

    private Tensor NormalizeAndUpdate(Tensor keys, Tensor values)
    {
        long[] keyArray = keys.data<long>().ToArray();
        float[] valueArray = values.to_type(ScalarType.Float32).data<float>().ToArray();
        float[] normalized = new float[valueArray.Length];
        TensorAccessor<float> maxima = max.data<float>();
        for (int entry = 0; entry < keyArray.Length; entry++)
        {
            long key = keyArray[entry];
            float value = valueArray[entry];
            float maximum = Math.Max(maxima[key], Math.Abs(value));
            normalized[entry] = value / Math.Max(maximum, Epsilon);
            maxima[key] = maximum;
        }

        return tensor(normalized);
    }

    private Tensor NormalizeWithoutUpdate(Tensor keys, Tensor values)
    {
        using (no_grad())
        {
            return values / max.index_select(0, keys).clamp_min(Epsilon);
        }
    }
}
