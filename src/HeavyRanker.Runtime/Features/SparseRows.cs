namespace HeavyRanker.Runtime.Features;

/// <summary>
/// One hashed sparse group of a feature batch in compressed-row form: the entries of row
/// <c>r</c> are <c>Keys[Offsets[r]..Offsets[r + 1]]</c> with the matching <c>Values</c>.
/// Keys are already folded into [0, 2^bits). Buffers grow on demand and are reused, so a
/// batch that fits the current capacity allocates nothing.
/// </summary>
public sealed class SparseRows
{
    private int[] _offsets;
    private int[] _keys;
    private float[] _values;
    private int _rowCount;
    private int _entryCount;

    /// <summary>Creates an empty group with room for <paramref name="rowCapacity"/> rows.</summary>
    public SparseRows(int rowCapacity = 16, int entryCapacity = 64)
    {
        _offsets = new int[Math.Max(rowCapacity, 1) + 1];
        _keys = new int[Math.Max(entryCapacity, 1)];
        _values = new float[Math.Max(entryCapacity, 1)];
    }

    /// <summary>Number of finished rows.</summary>
    public int RowCount => _rowCount;

    /// <summary>Number of entries over all finished rows and the row being filled.</summary>
    public int EntryCount => _entryCount;

    /// <summary>Row start positions, length <see cref="RowCount"/> + 1; <c>Offsets[0]</c> is 0.</summary>
    public ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, _rowCount + 1);

    /// <summary>Bucketed keys of all entries, in [0, 2^bits).</summary>
    public ReadOnlySpan<int> Keys => _keys.AsSpan(0, _entryCount);

    /// <summary>Values of all entries (1 for categorical entries).</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, _entryCount);

    /// <summary>Returns the keys of one row.</summary>
    public ReadOnlySpan<int> RowKeys(int row) => _keys.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>Returns the values of one row.</summary>
    public ReadOnlySpan<float> RowValues(int row) => _values.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>Empties the group, keeping its buffers, and reserves room for <paramref name="rows"/> rows.</summary>
    public void Clear(int rows)
    {
        if (_offsets.Length < rows + 1)
        {
            _offsets = new int[rows + 1];
        }

        _rowCount = 0;
        _entryCount = 0;
        _offsets[0] = 0;
    }

    /// <summary>Appends one entry to the row being filled.</summary>
    public void Add(int key, float value)
    {
        if (_entryCount == _keys.Length)
        {
            Grow();
        }

        _keys[_entryCount] = key;
        _values[_entryCount] = value;
        _entryCount++;
    }

    /// <summary>Finishes the row being filled; the next <see cref="Add"/> starts a new row.</summary>
    public void EndRow()
    {
        if (_rowCount + 1 >= _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        _rowCount++;
        _offsets[_rowCount] = _entryCount;
    }

    private void Grow()
    {
        int size = _keys.Length * 2;
        Array.Resize(ref _keys, size);
        Array.Resize(ref _values, size);
    }
}
