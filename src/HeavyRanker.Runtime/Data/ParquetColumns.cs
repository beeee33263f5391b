using System.Globalization;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace HeavyRanker.Runtime.Data;

/// <summary>Physical value kinds after widening: every integer type reads as int64, float as double.</summary>
internal enum ParquetValueKind
{
    Double,
    Int64,
    Boolean,
    String,
}

/// <summary>The non-null values of one leaf column in one row group, widened to one of four kinds.</summary>
internal sealed class ParquetLeafValues
{
    private double[] _doubles = [];
    private long[] _integers = [];
    private bool[] _booleans = [];
    private string[] _strings = [];
    private int[] _definitionLevels = [];
    private int[] _repetitionLevels = [];

    public ParquetLeafValues(DataField field)
    {
        Field = field;
        Kind = KindOf(field.ClrType) ?? throw new NotSupportedException(field.ClrType.Name);
    }

    public DataField Field { get; }

    public ParquetValueKind Kind { get; }

    /// <summary>Number of level entries (one per row for a flat column).</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<int> DefinitionLevels => _definitionLevels.AsSpan(0, Count);

    public ReadOnlySpan<int> RepetitionLevels => _repetitionLevels.AsSpan(0, Count);

    public bool HasDefinitionLevels { get; private set; }

    public double Double(int index) => _doubles[index];

    public long Int64(int index) => _integers[index];

    public bool Boolean(int index) => _booleans[index];

    public string String(int index) => _strings[index];

    /// <summary>Returns the value kind a CLR column type widens to, or null when the type is not supported.</summary>
    public static ParquetValueKind? KindOf(Type type) => type switch
    {
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => ParquetValueKind.Double,
        _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
            || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong) => ParquetValueKind.Int64,
        _ when type == typeof(bool) => ParquetValueKind.Boolean,
        _ when type == typeof(ReadOnlyMemory<char>) || type == typeof(string) => ParquetValueKind.String,
        _ => null,
    };

    /// <summary>Reads this leaf column of a row group and copies its values and levels into reused arrays.</summary>
    public void Load(ParquetRowGroupReader group)
    {
        using var raw = group.ReadRawColumnDataBaseAsync(Field, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var metadata = group.GetMetadata(Field)?.MetaData ?? throw new InvalidDataException($"column chunk metadata of '{Field.Path}' is missing");
        Count = checked((int)metadata.NumValues);
        HasDefinitionLevels = Field.MaxDefinitionLevel > 0;
        if (HasDefinitionLevels)
        {
            CopyLevels(raw.DefinitionLevels, ref _definitionLevels);
        }

        if (Field.MaxRepetitionLevel > 0)
        {
            CopyLevels(raw.RepetitionLevels, ref _repetitionLevels);
        }

        switch (raw)
        {
            case RawColumnData<double> values: Copy(values.Values, ref _doubles, v => v); break;
            case RawColumnData<float> values: Copy(values.Values, ref _doubles, v => (double)v); break;
            case RawColumnData<decimal> values: Copy(values.Values, ref _doubles, v => (double)v); break;
            case RawColumnData<long> values: Copy(values.Values, ref _integers, v => v); break;
            case RawColumnData<int> values: Copy(values.Values, ref _integers, v => (long)v); break;
            case RawColumnData<short> values: Copy(values.Values, ref _integers, v => (long)v); break;
            case RawColumnData<sbyte> values: Copy(values.Values, ref _integers, v => (long)v); break;
            case RawColumnData<byte> values: Copy(values.Values, ref _integers, v => (long)v); break;
            case RawColumnData<ushort> values: Copy(values.Values, ref _integers, v => (long)v); break;
            case RawColumnData<uint> values: Copy(values.Values, ref _integers, v => (long)v); break;
            case RawColumnData<ulong> values: Copy(values.Values, ref _integers, v => unchecked((long)v)); break;
            case RawColumnData<bool> values: Copy(values.Values, ref _booleans, v => v); break;
            case RawColumnData<ReadOnlyMemory<char>> values: Copy(values.Values, ref _strings, v => v.ToString()); break;
            default: throw new NotSupportedException(raw.GetType().Name);
        }
    }

    private void CopyLevels(Span<int> levels, ref int[] target)
    {
        if (target.Length < Count)
        {
            target = new int[Count];
        }

        levels[..Count].CopyTo(target);
    }

    // Only the first (count of entries at the maximum definition level) values are meaningful; the rest of the span is pool garbage.
    private void Copy<TSource, TTarget>(Span<TSource> source, ref TTarget[] target, Func<TSource, TTarget> convert)
    {
        var present = PresentCount();
        if (target.Length < present)
        {
            target = new TTarget[present];
        }

        for (var i = 0; i < present; i++)
        {
            target[i] = convert(source[i]);
        }
    }

    private int PresentCount()
    {
        if (!HasDefinitionLevels)
        {
            return Count;
        }

        var present = 0;
        foreach (var level in DefinitionLevels)
        {
            present += level == Field.MaxDefinitionLevel ? 1 : 0;
        }

        return present;
    }

    /// <summary>Formats value <paramref name="index"/> as text, for string getters and the CSV encoding.</summary>
    public string Text(int index) => Kind switch
    {
        ParquetValueKind.String => _strings[index],
        ParquetValueKind.Int64 => _integers[index].ToString(CultureInfo.InvariantCulture),
        ParquetValueKind.Double => _doubles[index].ToString(CultureInfo.InvariantCulture),
        _ => _booleans[index] ? "true" : "false",
    };
}

/// <summary>A requested top-level column: a primitive, a list or a map, positioned on the current row.</summary>
internal abstract class ParquetColumn
{
    public abstract bool IsMissing { get; }

    public abstract void Load(ParquetRowGroupReader group);

    /// <summary>Moves to the next row of the loaded row group.</summary>
    public abstract void Advance();

    /// <summary>Describes the column type for messages, such as <c>int64</c> or <c>list&lt;string&gt;</c>.</summary>
    public abstract string TypeName { get; }

    protected static string KindName(ParquetValueKind kind) => kind switch
    {
        ParquetValueKind.Double => "double",
        ParquetValueKind.Int64 => "int64",
        ParquetValueKind.Boolean => "boolean",
        _ => "string",
    };
}

/// <summary>A primitive column: one level entry per row.</summary>
internal sealed class FlatParquetColumn(DataField field) : ParquetColumn
{
    private int _row = -1;
    private bool _present;

    public ParquetLeafValues Values { get; } = new(field);

    /// <summary>Index of the current row's value among the non-null values.</summary>
    public int ValueIndex { get; private set; } = -1;

    public override bool IsMissing => !_present;

    public override string TypeName => KindName(Values.Kind);

    public override void Load(ParquetRowGroupReader group)
    {
        Values.Load(group);
        _row = -1;
        ValueIndex = -1;
    }

    public override void Advance()
    {
        _row++;
        _present = !Values.HasDefinitionLevels || Values.DefinitionLevels[_row] == Values.Field.MaxDefinitionLevel;
        if (_present)
        {
            ValueIndex++;
        }
    }
}

/// <summary>
/// A list (or legacy repeated primitive) column, or a map, read through its leaf columns. A row
/// spans the level entries from one repetition level 0 to the next; a definition level below
/// <see cref="_definedLevel"/> is a null container, which reads as missing.
/// </summary>
internal sealed class RepeatedParquetColumn : ParquetColumn
{
    private readonly int _definedLevel;
    private readonly string _typeName;
    private int _entry;
    private int[] _keyIndexes = new int[16];
    private int[] _valueIndexes = new int[16];
    private int _keyCursor;
    private int _valueCursor;

    public RepeatedParquetColumn(Field container, DataField keys, DataField? values)
    {
        Keys = new ParquetLeafValues(keys);
        MapValues = values is null ? null : new ParquetLeafValues(values);

        // The container is defined, but may be empty, one level below its maximum; a legacy repeated primitive is never null.
        _definedLevel = container is DataField ? 0 : container.MaxDefinitionLevel - 1;
        _typeName = MapValues is null ? $"list<{KindName(Keys.Kind)}>" : $"map<{KindName(Keys.Kind)}, {KindName(MapValues.Kind)}>";
    }

    public ParquetLeafValues Keys { get; }

    public ParquetLeafValues? MapValues { get; }

    public override bool IsMissing => MissingRow;

    private bool MissingRow { get; set; }

    /// <summary>Number of present elements (or map entries) in the current row.</summary>
    public int ItemCount { get; private set; }

    /// <summary>Value index of the current row's element or key <paramref name="item"/>.</summary>
    public int KeyIndex(int item) => _keyIndexes[item];

    /// <summary>Value index of the current row's map value <paramref name="item"/>, or -1 when that value is null.</summary>
    public int ValueIndex(int item) => _valueIndexes[item];

    public override string TypeName => _typeName;

    public override void Load(ParquetRowGroupReader group)
    {
        Keys.Load(group);
        MapValues?.Load(group);
        _entry = 0;
        _keyCursor = 0;
        _valueCursor = 0;
    }

    public override void Advance()
    {
        var definitions = Keys.DefinitionLevels;
        var repetitions = Keys.RepetitionLevels;
        var first = _entry;
        var end = first + 1;
        while (end < Keys.Count && repetitions[end] != 0)
        {
            end++;
        }

        MissingRow = definitions[first] < _definedLevel;
        ItemCount = 0;
        for (var entry = first; entry < end; entry++)
        {
            if (definitions[entry] != Keys.Field.MaxDefinitionLevel)
            {
                // An empty container or a null element: no key value was stored for this entry.
                continue;
            }

            Grow(ItemCount);
            _keyIndexes[ItemCount] = _keyCursor++;
            _valueIndexes[ItemCount] = -1;
            if (MapValues is not null)
            {
                var valueDefined = !MapValues.HasDefinitionLevels || MapValues.DefinitionLevels[entry] == MapValues.Field.MaxDefinitionLevel;
                _valueIndexes[ItemCount] = valueDefined ? _valueCursor++ : -1;
            }

            ItemCount++;
        }

        _entry = end;
    }

    private void Grow(int index)
    {
        if (index < _keyIndexes.Length)
        {
            return;
        }

        Array.Resize(ref _keyIndexes, _keyIndexes.Length * 2);
        Array.Resize(ref _valueIndexes, _valueIndexes.Length * 2);
    }
}
