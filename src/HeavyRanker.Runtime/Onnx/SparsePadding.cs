using HeavyRanker.Runtime.Features;

namespace HeavyRanker.Runtime.Onnx;

/// <summary>
/// Converts a sparse group of a feature batch to the padded <c>[batch, K]</c> key and value
/// tensors the exported ONNX model takes. K is the largest number of entries in a row, at least
/// 1, and padding entries have key −1 and value 0. The key −1 marks padding because a real entry
/// may have key 0 and value 0, and a SparseMaxNorm entry still contributes its bias then.
/// </summary>
public static class SparsePadding
{
    /// <summary>Key of a padding entry.</summary>
    public const long PaddingKey = -1;

    /// <summary>Returns the padded width K of <paramref name="rows"/>' first <paramref name="count"/> rows.</summary>
    public static int Width(SparseRows rows, int count)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int width = 1;
        ReadOnlySpan<int> offsets = rows.Offsets;
        for (int row = 0; row < count; row++)
        {
            width = Math.Max(width, offsets[row + 1] - offsets[row]);
        }

        return width;
    }

    /// <summary>Writes rows [0, count) padded to <paramref name="width"/> into <paramref name="keys"/> and <paramref name="values"/>, both <c>[count, width]</c>.</summary>
    /// <exception cref="ArgumentException">A row has more than <paramref name="width"/> entries, or a buffer is too small.</exception>
    public static void Pad(SparseRows rows, int count, int width, Span<long> keys, Span<float> values)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (keys.Length < count * width || values.Length < count * width)
        {
            throw new ArgumentException($"The key and value buffers need {count * width} elements for {count} rows of width {width}.", nameof(keys));
        }

        for (int row = 0; row < count; row++)
        {
            ReadOnlySpan<int> rowKeys = rows.RowKeys(row);
            ReadOnlySpan<float> rowValues = rows.RowValues(row);
            if (rowKeys.Length > width)
            {
                throw new ArgumentException($"Row {row} has {rowKeys.Length} entries, more than the padded width {width}.", nameof(width));
            }

            Span<long> keyRow = keys.Slice(row * width, width);
            Span<float> valueRow = values.Slice(row * width, width);
            keyRow.Fill(PaddingKey);
            valueRow.Clear();
            for (int entry = 0; entry < rowKeys.Length; entry++)
            {
                keyRow[entry] = rowKeys[entry];
            }

            rowValues.CopyTo(valueRow);
        }
    }

    /// <summary>Pads rows [0, count) to their own width and returns the arrays with that width.</summary>
    public static (long[] Keys, float[] Values, int Width) Pad(SparseRows rows, int count)
    {
        int width = Width(rows, count);
        long[] keys = new long[count * width];
        float[] values = new float[count * width];
        Pad(rows, count, width, keys, values);
        return (keys, values, width);
    }
}
