namespace HeavyRanker.Runtime.Features;

/// <summary>
/// The model input of a batch of records before the network's own transforms: the
/// continuous block (NaN and ±Inf already replaced by 0, no log or normalisation yet),
/// the binary block as 0/1 floats, and the two hashed sparse groups. Dense blocks are
/// row-major <c>[Count, width]</c>. A batch is meant to be reused: <see cref="Reset"/>
/// keeps buffers that are large enough.
/// </summary>
public sealed class FeatureBatch
{
    private float[] _continuous;
    private float[] _binary;

    /// <summary>Creates a batch for a model with the given dense widths.</summary>
    public FeatureBatch(int continuousWidth, int binaryWidth, int capacity = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(continuousWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(binaryWidth);
        ContinuousWidth = continuousWidth;
        BinaryWidth = binaryWidth;
        Capacity = Math.Max(capacity, 1);
        _continuous = new float[Capacity * continuousWidth];
        _binary = new float[Capacity * binaryWidth];
        SparseNotContinuous = new SparseRows(Capacity);
        SparseContinuous = new SparseRows(Capacity);
    }

    /// <summary>Creates an empty batch sized for <paramref name="definition"/>.</summary>
    public static FeatureBatch For(Models.IModelDefinition definition, int capacity = 16) =>
        new(definition.ContinuousFeatures.Count, definition.BinaryFeatures.Count, capacity);

    /// <summary>Number of continuous features per record (Nc).</summary>
    public int ContinuousWidth { get; }

    /// <summary>Number of binary features per record (Nb).</summary>
    public int BinaryWidth { get; }

    /// <summary>Number of records the dense buffers hold without growing.</summary>
    public int Capacity { get; private set; }

    /// <summary>Number of records in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Continuous block, <c>[Count, ContinuousWidth]</c>.</summary>
    public Span<float> Continuous => _continuous.AsSpan(0, Count * ContinuousWidth);

    /// <summary>Binary block as 0/1 floats, <c>[Count, BinaryWidth]</c>.</summary>
    public Span<float> Binary => _binary.AsSpan(0, Count * BinaryWidth);

    /// <summary>Hashed entries of DISCRETE, STRING and SPARSE_BINARY features (value 1 each).</summary>
    public SparseRows SparseNotContinuous { get; }

    /// <summary>Hashed entries of SPARSE_CONTINUOUS features, with their values.</summary>
    public SparseRows SparseContinuous { get; }

    /// <summary>Returns the continuous features of one record.</summary>
    public Span<float> ContinuousRow(int row) => _continuous.AsSpan(row * ContinuousWidth, ContinuousWidth);

    /// <summary>Returns the binary features of one record.</summary>
    public Span<float> BinaryRow(int row) => _binary.AsSpan(row * BinaryWidth, BinaryWidth);

    /// <summary>
    /// Sets the batch to <paramref name="count"/> records with zeroed dense blocks and empty
    /// sparse groups, growing the buffers only when they are too small.
    /// </summary>
    public void Reset(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Capacity)
        {
            Capacity = Math.Max(count, Capacity * 2);
            _continuous = new float[Capacity * ContinuousWidth];
            _binary = new float[Capacity * BinaryWidth];
        }

        Count = count;
        Continuous.Clear();
        Binary.Clear();
        SparseNotContinuous.Clear(count);
        SparseContinuous.Clear(count);
    }
}
