using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;
using static HeavyRanker.Runtime.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace HeavyRanker.Runtime.Onnx;

/// <summary>The input transforms as ONNX nodes: the dense blocks and the sparse gathers, concatenated to <c>[batch, F]</c>.</summary>
internal static class OnnxInputGraph
{
    public static string Build(OnnxGraphBuilder builder, IModelDefinition definition, Checkpoint checkpoint)
    {
        var parts = new List<string>();
        int continuousCount = definition.ContinuousFeatures.Count;
        int binaryCount = definition.BinaryFeatures.Count;
        string zero = builder.Scalar("zero", 0f);

        string continuous = builder.AddInput(OnnxExporter.ContinuousInput, DataType.Float, "batch", continuousCount);
        string binary = builder.AddInput(OnnxExporter.BinaryInput, DataType.Float, "batch", binaryCount);
        if (continuousCount > 0)
        {
            parts.Add(Continuous(builder, checkpoint, continuous, continuousCount, zero));
        }

        if (binaryCount > 0)
        {
            parts.Add(FiniteOrZero(builder, binary, zero));
        }

        if (definition.HasSparseNotContinuous)
        {
            (string keys, string values) = SparseInputs(builder, OnnxExporter.SparseNotContinuousGroup);
            parts.Add(FullSparse(builder, checkpoint, ClemNetLayout.SparseNotContinuous, definition, keys, values));
        }

        if (definition.HasSparseContinuous)
        {
            (string keys, string values) = SparseInputs(builder, OnnxExporter.SparseContinuousGroup);
            parts.Add(FullSparse(builder, checkpoint, ClemNetLayout.SparseContinuous, definition, keys, SparseMaxNorm(builder, checkpoint, keys, values, zero)));
        }

        if (parts.Count == 0)
        {
            throw new ArgumentException($"Model '{definition.Name}' has no input features.", nameof(definition));
        }

        return parts.Count == 1 ? parts[0] : builder.Node("Concat", parts.ToArray(), Attribute("axis", 1L));
    }

    private static (string Keys, string Values) SparseInputs(OnnxGraphBuilder builder, string group)
    {
        string keys = builder.AddInput(OnnxExporter.KeysInput(group), DataType.Int64, "batch", group + "_entries");
        string values = builder.AddInput(OnnxExporter.ValuesInput(group), DataType.Float, "batch", group + "_entries");
        return (keys, values);
    }

    private static string FiniteOrZero(OnnxGraphBuilder builder, string input, string zero)
    {
        string invalid = builder.Node("Or", new[] { builder.Node("IsNaN", new[] { input }), builder.Node("IsInf", new[] { input }) });
        return builder.Node("Where", new[] { invalid, zero, input });
    }

    /// <summary>
    /// NaN and ±Inf → 0, sign(x)·ln(1 + |x|), the evaluation batch norm x·s + t, clip to [−5, 5],
    /// NaN → 0. ONNX has no log1p, so ln(1 + a) is computed as ln(u)·a / (u − 1) with u = 1 + a
    /// (and a itself where u rounds to 1), which keeps full float precision for small a.
    /// </summary>
    private static string Continuous(OnnxGraphBuilder builder, Checkpoint checkpoint, string input, int count, string zero)
    {
        string finite = FiniteOrZero(builder, input, zero);
        string one = builder.Scalar("one", 1f);
        string magnitude = builder.Node("Abs", new[] { finite });
        string shifted = builder.Node("Add", new[] { magnitude, one });
        string roundedBack = builder.Node("Sub", new[] { shifted, one });
        string ratio = builder.Node("Div", new[] { builder.Node("Mul", new[] { builder.Node("Log", new[] { shifted }), magnitude }), roundedBack });
        string logarithm = builder.Node("Where", new[] { builder.Node("Equal", new[] { roundedBack, zero }), magnitude, ratio });
        string signed = builder.Node("Mul", new[] { builder.Node("Sign", new[] { finite }), logarithm });

        (double[] scale, double[] shift) = FoldedBlock.NormAffine(checkpoint, ClemNetLayout.ContinuousNorm);
        string scaled = builder.Node("Mul", new[] { signed, builder.Constant("continuous_norm_scale", ToFloat(scale), count) });
        string normalized = builder.Node("Add", new[] { scaled, builder.Constant("continuous_norm_shift", ToFloat(shift), count) });
        string clipped = builder.Node("Clip", new[] { normalized, builder.Scalar("clip_min", -InputTransform.ClipBound), builder.Scalar("clip_max", InputTransform.ClipBound) });
        return builder.Node("Where", new[] { builder.Node("IsNaN", new[] { clipped }), zero, clipped });
    }

    /// <summary>SparseMaxNorm in evaluation, v / max(max[k], 1e-5) + bias[k], with padding entries (key &lt; 0) set to 0.</summary>
    private static string SparseMaxNorm(OnnxGraphBuilder builder, Checkpoint checkpoint, string keys, string values, string zero)
    {
        CheckpointTensor maxima = checkpoint[ClemNetLayout.SparseContinuousNorm + ".max"];
        CheckpointTensor biases = checkpoint[ClemNetLayout.SparseContinuousNorm + ".bias"];
        string maximum = builder.Node("Gather", new[] { builder.Constant("sparse_continuous_norm_max", maxima.Data, maxima.Shape[0]), keys }, Attribute("axis", 0L));
        string divisor = builder.Node("Max", new[] { maximum, builder.Scalar("sparse_max_norm_epsilon", InputTransform.SparseMaxNormEpsilon) });
        string bias = builder.Node("Gather", new[] { builder.Constant("sparse_continuous_norm_bias", biases.Data, biases.Shape[0]), keys }, Attribute("axis", 0L));
        string normalized = builder.Node("Add", new[] { builder.Node("Div", new[] { values, divisor }), bias });
        string present = builder.Node("GreaterOrEqual", new[] { keys, builder.Constant("key_zero", new long[] { 0 }) });
        return builder.Node("Where", new[] { present, normalized, zero });
    }

    /// <summary>FullSparse Σ value·W[key] + b as Gather, Mul and ReduceSum over the entry axis.</summary>
    private static string FullSparse(OnnxGraphBuilder builder, Checkpoint checkpoint, string prefix, IModelDefinition definition, string keys, string values)
    {
        CheckpointTensor weight = checkpoint[prefix + ".weight"];
        string rows = builder.Node("Gather", new[] { builder.Constant(prefix.Replace('.', '_') + "_weight", weight.Data, weight.Shape[0], weight.Shape[1]), keys }, Attribute("axis", 0L));
        string weighted = builder.Node("Mul", new[] { rows, builder.Node("Unsqueeze", new[] { values, builder.Constant("axis_last", new long[] { 2 }, 1) }) });
        string sum = builder.Node("ReduceSum", new[] { weighted, builder.Constant("axis_entries", new long[] { 1 }, 1) }, Attribute("keepdims", 0L));
        return builder.Node("Add", new[] { sum, builder.Constant(prefix.Replace('.', '_') + "_bias", checkpoint[prefix + ".bias"].Data, definition.EmbeddingSize) });
    }

    private static float[] ToFloat(double[] values) => values.Select(value => (float)value).ToArray();
}
