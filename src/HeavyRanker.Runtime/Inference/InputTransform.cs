using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// The network's input transforms in evaluation mode, producing the model input
/// [continuous, binary, sparse not continuous (E), sparse continuous (E)] of width F.
/// </summary>
internal sealed class InputTransform
{
    /// <summary>Bound of the clip after the continuous batch norm.</summary>
    public const float ClipBound = 5f;

    /// <summary>Lower bound of the SparseMaxNorm divisor.</summary>
    public const float SparseMaxNormEpsilon = 1e-5f;

    private readonly int _continuousCount;
    private readonly int _binaryCount;
    private readonly int _embeddingSize;
    private readonly int _inputWidth;
    private readonly int _buckets;
    private readonly float[] _continuousScale;
    private readonly float[] _continuousShift;
    private readonly float[]? _notContinuousWeight;
    private readonly float[]? _notContinuousBias;
    private readonly float[]? _maxNormMax;
    private readonly float[]? _maxNormBias;
    private readonly float[]? _continuousWeight;
    private readonly float[]? _continuousBias;

    public InputTransform(IModelDefinition definition, Checkpoint checkpoint)
    {
        _continuousCount = definition.ContinuousFeatures.Count;
        _binaryCount = definition.BinaryFeatures.Count;
        _embeddingSize = definition.EmbeddingSize;
        _inputWidth = definition.InputWidth;
        _buckets = 1 << definition.SparseBits;
        _continuousScale = new float[_continuousCount];
        _continuousShift = new float[_continuousCount];
        if (_continuousCount > 0)
        {
            (double[] scale, double[] shift) = FoldedBlock.NormAffine(checkpoint, ClemNetLayout.ContinuousNorm);
            for (int index = 0; index < _continuousCount; index++)
            {
                _continuousScale[index] = (float)scale[index];
                _continuousShift[index] = (float)shift[index];
            }
        }

        if (definition.HasSparseNotContinuous)
        {
            _notContinuousWeight = checkpoint[ClemNetLayout.SparseNotContinuous + ".weight"].Data;
            _notContinuousBias = checkpoint[ClemNetLayout.SparseNotContinuous + ".bias"].Data;
        }

        if (definition.HasSparseContinuous)
        {
            _maxNormMax = checkpoint[ClemNetLayout.SparseContinuousNorm + ".max"].Data;
            _maxNormBias = checkpoint[ClemNetLayout.SparseContinuousNorm + ".bias"].Data;
            _continuousWeight = checkpoint[ClemNetLayout.SparseContinuous + ".weight"].Data;
            _continuousBias = checkpoint[ClemNetLayout.SparseContinuous + ".bias"].Data;
        }
    }

    /// <summary>Writes the model input of records [start, start + rows) into <paramref name="destination"/> <c>[rows, F]</c>.</summary>
    public void Transform(FeatureBatch batch, int start, int rows, Span<float> destination)
    {
        for (int row = 0; row < rows; row++)
        {
            Span<float> output = destination.Slice(row * _inputWidth, _inputWidth);
            int record = start + row;
            int position = 0;

            ReadOnlySpan<float> continuous = batch.ContinuousRow(record);
            for (int index = 0; index < _continuousCount; index++)
            {
                output[position++] = TransformContinuous(continuous[index], _continuousScale[index], _continuousShift[index]);
            }

            ReadOnlySpan<float> binary = batch.BinaryRow(record);
            for (int index = 0; index < _binaryCount; index++)
            {
                output[position++] = float.IsFinite(binary[index]) ? binary[index] : 0f;
            }

            if (_notContinuousWeight is not null)
            {
                Span<float> embedding = output.Slice(position, _embeddingSize);
                Gather(batch.SparseNotContinuous.RowKeys(record), batch.SparseNotContinuous.RowValues(record), _notContinuousWeight, _notContinuousBias!, normalize: false, embedding);
                position += _embeddingSize;
            }

            if (_continuousWeight is not null)
            {
                Span<float> embedding = output.Slice(position, _embeddingSize);
                Gather(batch.SparseContinuous.RowKeys(record), batch.SparseContinuous.RowValues(record), _continuousWeight, _continuousBias!, normalize: true, embedding);
            }
        }
    }

    /// <summary>
    /// Applies NaN and ±Inf → 0, sign(x)·ln(1 + |x|), the folded batch norm x·s + t, the clip to
    /// [−5, 5] and NaN → 0. The logarithm runs in double, so small |x| keep their precision.
    /// </summary>
    public static float TransformContinuous(float value, float scale, float shift)
    {
        float finite = float.IsFinite(value) ? value : 0f;
        float logarithm = (float)(Math.Sign(finite) * Math.Log(1.0 + Math.Abs((double)finite)));
        float normalized = (logarithm * scale) + shift;
        float clipped = Math.Clamp(normalized, -ClipBound, ClipBound);
        return float.IsNaN(clipped) ? 0f : clipped;
    }

    /// <summary>
    /// Computes FullSparse Σ value·W[key] + b over one record's entries; with
    /// <paramref name="normalize"/>, each value first becomes v / max(max[key], 1e-5) + bias[key]
    /// (SparseMaxNorm in evaluation). An empty row gives b.
    /// </summary>
    private void Gather(ReadOnlySpan<int> keys, ReadOnlySpan<float> values, float[] weight, float[] bias, bool normalize, Span<float> embedding)
    {
        embedding.Clear();
        for (int entry = 0; entry < keys.Length; entry++)
        {
            int key = keys[entry];
            if ((uint)key >= (uint)_buckets)
            {
                throw new ArgumentException($"Sparse key {key} is outside [0, {_buckets}); keys must be folded to the model's {_buckets} hashed columns.", nameof(keys));
            }

            float value = values[entry];
            if (normalize)
            {
                value = (value / Math.Max(_maxNormMax![key], SparseMaxNormEpsilon)) + _maxNormBias![key];
            }

            VectorMath.MultiplyAdd(weight.AsSpan(key * _embeddingSize, _embeddingSize), value, embedding);
        }

        for (int index = 0; index < _embeddingSize; index++)
        {
            embedding[index] += bias[index];
        }
    }
}
