using System.Collections.Frozen;
using Parquet;
using Parquet.Schema;

namespace HeavyRanker.Runtime.Data;

/// <summary>
/// Reads one Parquet file through Parquet.Net, one row group at a time, so memory is bounded by
/// the largest row group. Primitive columns of any integer or floating-point type, booleans and
/// strings are read; sets come from <c>list&lt;string&gt;</c> columns, maps from
/// <c>map&lt;string, double&gt;</c> columns, and either may also be a string column in the CSV
/// encoding.
/// </summary>
internal sealed class ParquetRowSource : RowSource
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // Parquet.Net pools its decompression streams; without a cap the pool keeps every buffer it ever used.
    private static readonly ParquetOptions ReaderOptions = new()
    {
        TreatByteArrayAsString = true,
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };

    private readonly ParquetReader _reader;
    private readonly ParquetColumn[] _columns;
    private int _rowGroup = -1;
    private long _rowInGroup;
    private long _rowsInGroup;

    public ParquetRowSource(string file, IReadOnlyList<string> columns)
        : base(file, columns)
    {
        CheckMagic();
        try
        {
            // NOTE: Parquet.Net 6 only offers an async API; the reader blocks on it because records are enumerated synchronously.
            _reader = ParquetReader.CreateAsync(file, ReaderOptions, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (IsParquetFailure(exception))
        {
            throw FileError($"the file is not a readable Parquet file ({exception.Message}). It may be truncated or corrupt; re-export it.", exception);
        }

        try
        {
            _columns = ResolveColumns();
        }
        catch
        {
            CloseReader();
            throw;
        }
    }

    public override bool MoveNext()
    {
        while (_rowInGroup >= _rowsInGroup)
        {
            if (_rowGroup + 1 >= _reader.RowGroupCount)
            {
                return false;
            }

            LoadRowGroup(++_rowGroup);
        }

        _rowInGroup++;
        Row++;
        foreach (var column in _columns)
        {
            column.Advance();
        }

        return true;
    }

    public override void Dispose() => CloseReader();

    private void CloseReader() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void CheckMagic()
    {
        using var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        var complete = stream.Length >= 12;
        if (complete)
        {
            stream.ReadExactly(head);
            stream.Seek(-4, SeekOrigin.End);
            stream.ReadExactly(tail);
            complete = head.SequenceEqual(Magic) && tail.SequenceEqual(Magic);
        }

        if (!complete)
        {
            throw FileError(
                $"the file is not a complete Parquet file ({stream.Length} bytes, and it does not start and end with 'PAR1'). "
                + "It may be truncated or still being written; re-copy or re-export it.");
        }
    }

    private ParquetColumn[] ResolveColumns()
    {
        var fields = _reader.Schema.Fields.ToDictionary(field => field.Name, StringComparer.Ordinal);
        var resolved = new ParquetColumn[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!fields.TryGetValue(Columns[i], out var field))
            {
                throw ColumnNames.Missing(File, Columns[i], fields.Keys, "Parquet schema");
            }

            resolved[i] = CreateColumn(field) ?? throw new DataFormatException(
                File,
                0,
                Columns[i],
                $"the column has Parquet type {Describe(field)}, which cannot be read. Use a number, boolean or string column, list<string> for a set, or map<string, double> for a map.");
        }

        return resolved;
    }

    private static ParquetColumn? CreateColumn(Field field) => field switch
    {
        DataField data when ParquetLeafValues.KindOf(data.ClrType) is null => null,
        DataField { MaxRepetitionLevel: 0 } data => new FlatParquetColumn(data),
        DataField { MaxRepetitionLevel: 1 } data => new RepeatedParquetColumn(data, data, null),
        ListField { Item: DataField item, MaxRepetitionLevel: 1 } list when ParquetLeafValues.KindOf(item.ClrType) is not null =>
            new RepeatedParquetColumn(list, item, null),
        MapField { Key: DataField key, Value: DataField value, MaxRepetitionLevel: 1 } map
            when ParquetLeafValues.KindOf(key.ClrType) is not null && ParquetLeafValues.KindOf(value.ClrType) is not null =>
            new RepeatedParquetColumn(map, key, value),
        _ => null,
    };

    private static string Describe(Field field) => field switch
    {
        DataField data => data.ClrType.Name,
        ListField list => $"list<{Describe(list.Item)}>",
        MapField map => $"map<{Describe(map.Key)}, {Describe(map.Value)}>",
        _ => field.SchemaType.ToString().ToLowerInvariant(),
    };

    private void LoadRowGroup(int index)
    {
        try
        {
            using var group = _reader.OpenRowGroupReader(index);
            _rowsInGroup = group.RowCount;
            _rowInGroup = 0;
            foreach (var column in _columns)
            {
                column.Load(group);
            }
        }
        catch (Exception exception) when (IsParquetFailure(exception))
        {
            throw FileError($"row group {index} cannot be read ({exception.Message}). The file may be corrupt; re-export it.", exception);
        }
    }

    // Parquet.Net reports corrupt input with many exception types (ParquetException, IOException,
    // InvalidDataException, IndexOutOfRangeException, ...); anything but our own errors and fatal ones is a bad file.
    private static bool IsParquetFailure(Exception exception) =>
        exception is not (DataFormatException or OutOfMemoryException or OperationCanceledException);

    public override bool IsMissing(int column) => _columns[column].IsMissing;

    public override double GetDouble(int column)
    {
        var (values, index) = Scalar(column, "a number");
        return values.Kind switch
        {
            ParquetValueKind.Double => values.Double(index),
            ParquetValueKind.Int64 => values.Int64(index),
            ParquetValueKind.Boolean => values.Boolean(index) ? 1 : 0,
            _ => CellText.ParseDouble(values.String(index), out var parsed) is { } error ? throw Error(column, error) : parsed,
        };
    }

    public override long GetInt64(int column)
    {
        var (values, index) = Scalar(column, "an integer");
        string? error;
        long parsed;
        switch (values.Kind)
        {
            case ParquetValueKind.Int64:
                return values.Int64(index);
            case ParquetValueKind.Boolean:
                return values.Boolean(index) ? 1 : 0;
            case ParquetValueKind.Double:
                error = CellText.IntegralToInt64(values.Double(index), out parsed);
                break;
            default:
                error = CellText.ParseInt64(values.String(index), out parsed);
                break;
        }

        return error is null ? parsed : throw Error(column, error);
    }

    public override bool GetBoolean(int column)
    {
        var (values, index) = Scalar(column, "a boolean");
        return values.Kind == ParquetValueKind.Boolean
            ? values.Boolean(index)
            : CellText.ParseBoolean(values.Text(index), out var parsed) is { } error ? throw Error(column, error) : parsed;
    }

    public override string GetString(int column)
    {
        var (values, index) = Scalar(column, "a string");
        return values.Text(index);
    }

    public override IReadOnlySet<string> GetStringSet(int column)
    {
        switch (_columns[column])
        {
            case RepeatedParquetColumn { MapValues: null } list:
                CheckPresent(column);
                if (list.ItemCount == 0)
                {
                    return FrozenSet<string>.Empty;
                }

                var set = new HashSet<string>(list.ItemCount, StringComparer.Ordinal);
                for (var i = 0; i < list.ItemCount; i++)
                {
                    set.Add(list.Keys.Text(list.KeyIndex(i)));
                }

                return set;
            case FlatParquetColumn { Values.Kind: ParquetValueKind.String } text:
                CheckPresent(column);
                return CellText.ParseStringSet(text.Values.String(text.ValueIndex), out var parsed) is { } error ? throw Error(column, error) : parsed;
            default:
                throw WrongType(column, "a set (list<string>, or a string such as a|b|c)");
        }
    }

    public override IReadOnlyDictionary<string, double> GetStringDoubleMap(int column)
    {
        switch (_columns[column])
        {
            case RepeatedParquetColumn { MapValues: { } mapValues } map when mapValues.Kind != ParquetValueKind.String:
                CheckPresent(column);
                if (map.ItemCount == 0)
                {
                    return FrozenDictionary<string, double>.Empty;
                }

                var result = new Dictionary<string, double>(map.ItemCount, StringComparer.Ordinal);
                for (var i = 0; i < map.ItemCount; i++)
                {
                    var valueIndex = map.ValueIndex(i);
                    if (valueIndex < 0)
                    {
                        // NOTE: an entry with a null value is dropped, as if its key were absent.
                        continue;
                    }

                    var value = mapValues.Kind switch
                    {
                        ParquetValueKind.Double => mapValues.Double(valueIndex),
                        ParquetValueKind.Int64 => mapValues.Int64(valueIndex),
                        _ => mapValues.Boolean(valueIndex) ? 1 : 0,
                    };
                    result[map.Keys.Text(map.KeyIndex(i))] = value;
                }

                return result;
            case FlatParquetColumn { Values.Kind: ParquetValueKind.String } text:
                CheckPresent(column);
                return CellText.ParseStringDoubleMap(text.Values.String(text.ValueIndex), out var parsed) is { } error ? throw Error(column, error) : parsed;
            default:
                throw WrongType(column, "a map (map<string, double>, or a string such as k1:0.5|k2:1.25)");
        }
    }

    public override float GetLabel(int column)
    {
        if (_columns[column].IsMissing)
        {
            throw Error(column, "the label is null. Every row needs a label of 0 or 1.");
        }

        var (values, index) = Scalar(column, "a label of 0 or 1");
        string? error;
        float label;
        switch (values.Kind)
        {
            case ParquetValueKind.Boolean:
                return values.Boolean(index) ? 1f : 0f;
            case ParquetValueKind.Int64:
                error = CellText.NumberToLabel(values.Int64(index), out label);
                break;
            case ParquetValueKind.Double:
                error = CellText.NumberToLabel(values.Double(index), out label);
                break;
            default:
                error = CellText.ParseLabel(values.String(index), out label);
                break;
        }

        return error is null ? label : throw Error(column, error);
    }

    private (ParquetLeafValues Values, int Index) Scalar(int column, string expected)
    {
        if (_columns[column] is not FlatParquetColumn flat)
        {
            throw WrongType(column, expected);
        }

        CheckPresent(column);
        return (flat.Values, flat.ValueIndex);
    }

    private void CheckPresent(int column)
    {
        if (_columns[column].IsMissing)
        {
            throw MissingValueError(column);
        }
    }

    // A type mismatch holds for every row, so it is reported against the schema (row 0) and never skipped.
    private DataFormatException WrongType(int column, string expected) =>
        new(File, 0, Columns[column], $"expected {expected}, but the column has Parquet type {_columns[column].TypeName}. Change the column type or the feature type in the spec.");
}
