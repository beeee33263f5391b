using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace HeavyRanker.Runtime.Data;

/// <summary>
/// Reads JSON Lines: one JSON object per line, keys are column names. An absent key reads as
/// missing, like null. Sets are arrays of strings, maps are objects of numbers, and a string in
/// the CSV encoding is accepted for either. Blank lines are skipped and not counted as rows.
/// Memory is one line plus a read buffer.
/// </summary>
internal sealed class JsonLinesRowSource : RowSource
{
    private readonly FileStream _stream;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _columnLookup;
    private readonly ValueSlot[] _slots;
    private readonly int[] _firstIndexOf;
    private byte[] _buffer = new byte[1 << 16];
    private char[] _nameBuffer = new char[256];
    private int _start;
    private int _end;
    private bool _endOfFile;
    private int _lineStart;
    private int _lineLength;

    public JsonLinesRowSource(string file, IReadOnlyList<string> columns)
        : base(file, columns)
    {
        // A column the binder requests twice is parsed once into its first slot and copied to the others.
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        _firstIndexOf = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            lookup.TryAdd(columns[i], i);
            _firstIndexOf[i] = lookup[columns[i]];
        }

        _columnLookup = lookup.GetAlternateLookup<ReadOnlySpan<char>>();
        _slots = new ValueSlot[columns.Count];
        _stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    public override bool MoveNext()
    {
        while (NextLine())
        {
            var line = Line;
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (Row == 0 && line.StartsWith("\uFEFF"u8))
            {
                // A byte order mark that some Windows tools write before the first line.
                line = line[3..];
            }

            Row++;
            ParseLine(line);
            return true;
        }

        return false;
    }

    public override void Dispose() => _stream.Dispose();

    private ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    // Finds the next line in the buffer, refilling and growing it as needed; the final line may lack a newline.
    private bool NextLine()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                SetLine(_start, newline);
                _start += newline + 1;
                return true;
            }

            if (_endOfFile)
            {
                if (_start == _end)
                {
                    return false;
                }

                SetLine(_start, _end - _start);
                _start = _end;
                return true;
            }

            Refill();
        }
    }

    private void SetLine(int start, int length)
    {
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        _lineStart = start;
        _lineLength = length;
    }

    private void Refill()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else if (pending == _buffer.Length)
        {
            // One line is longer than the buffer: double it.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _start = 0;
        _end = pending;
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfFile = true;
        }

        _end += read;
    }

    private void ParseLine(ReadOnlySpan<byte> line)
    {
        _lineStart += _lineLength - line.Length;
        _lineLength = line.Length;
        Array.Clear(_slots);
        if (!Utf8.IsValid(line))
        {
            throw new DataFormatException(File, Row, null, "the line is not valid UTF-8. Re-export the file as UTF-8.");
        }

        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new DataFormatException(File, Row, null, "the line is not a JSON object. Each line of a JSON Lines file must be one object whose keys are column names.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = LookUpColumn(ref reader);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (column >= 0)
                {
                    _slots[column] = new ValueSlot(StartTokenType(line[start]), start, (int)reader.BytesConsumed - start);
                }
            }

            // Reading past the closing brace rejects trailing content on the line.
            reader.Read();
            for (var i = 0; i < _slots.Length; i++)
            {
                _slots[i] = _slots[_firstIndexOf[i]];
            }
        }
        catch (JsonException exception)
        {
            var hint = _endOfFile && _start == _end
                ? " This is the last line, so the file may be cut off; regenerate or re-copy it."
                : " Each line must be one complete JSON object.";
            throw new DataFormatException(File, Row, null, $"the line is not valid JSON: {exception.Message}{hint}", exception);
        }
    }

    private int LookUpColumn(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (_nameBuffer.Length < length)
        {
            _nameBuffer = new char[length];
        }

        var written = reader.CopyString(_nameBuffer);
        return _columnLookup.TryGetValue(_nameBuffer.AsSpan(0, written), out var column) ? column : -1;
    }

    private static JsonTokenType StartTokenType(byte first) => first switch
    {
        (byte)'"' => JsonTokenType.String,
        (byte)'{' => JsonTokenType.StartObject,
        (byte)'[' => JsonTokenType.StartArray,
        (byte)'t' => JsonTokenType.True,
        (byte)'f' => JsonTokenType.False,
        (byte)'n' => JsonTokenType.Null,
        _ => JsonTokenType.Number,
    };

    public override bool IsMissing(int column) => _slots[column].Type is JsonTokenType.None or JsonTokenType.Null;

    public override double GetDouble(int column)
    {
        var slot = Present(column);
        return slot.Type switch
        {
            JsonTokenType.Number => ParseNumber(column, slot),
            JsonTokenType.String => CellText.ParseDouble(ReadString(slot), out var value) is { } error ? throw Error(column, error) : value,
            _ => throw WrongType(column, slot, "a number"),
        };
    }

    public override long GetInt64(int column)
    {
        var slot = Present(column);
        if (slot.Type == JsonTokenType.Number)
        {
            var raw = Raw(slot);
            if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }

            return CellText.IntegralToInt64(ParseNumber(column, slot), out var value) is { } error ? throw Error(column, error) : value;
        }

        return slot.Type == JsonTokenType.String
            ? CellText.ParseInt64(ReadString(slot), out var parsed) is { } stringError ? throw Error(column, stringError) : parsed
            : throw WrongType(column, slot, "an integer");
    }

    public override bool GetBoolean(int column)
    {
        var slot = Present(column);
        return slot.Type switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number or JsonTokenType.String =>
                CellText.ParseBoolean(RawOrString(slot), out var value) is { } error ? throw Error(column, error) : value,
            _ => throw WrongType(column, slot, "a boolean"),
        };
    }

    public override string GetString(int column)
    {
        var slot = Present(column);
        return slot.Type switch
        {
            JsonTokenType.String => ReadString(slot),
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(Raw(slot)),
            _ => throw WrongType(column, slot, "a string"),
        };
    }

    public override IReadOnlySet<string> GetStringSet(int column)
    {
        var slot = Present(column);
        if (slot.Type == JsonTokenType.String)
        {
            return CellText.ParseStringSet(ReadString(slot), out var parsed) is { } error ? throw Error(column, error) : parsed;
        }

        if (slot.Type != JsonTokenType.StartArray)
        {
            throw WrongType(column, slot, "an array of strings");
        }

        var reader = ValueReader(slot);
        HashSet<string>? set = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    (set ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString()!);
                    break;
                case JsonTokenType.Number:
                    (set ??= new HashSet<string>(StringComparer.Ordinal)).Add(System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    throw Error(column, $"a set element is {Describe(reader.TokenType)}; a set must be an array of strings.");
            }
        }

        return set is null ? FrozenSet<string>.Empty : set;
    }

    public override IReadOnlyDictionary<string, double> GetStringDoubleMap(int column)
    {
        var slot = Present(column);
        if (slot.Type == JsonTokenType.String)
        {
            return CellText.ParseStringDoubleMap(ReadString(slot), out var parsed) is { } error ? throw Error(column, error) : parsed;
        }

        if (slot.Type != JsonTokenType.StartObject)
        {
            throw WrongType(column, slot, "an object of numbers");
        }

        var reader = ValueReader(slot);
        Dictionary<string, double>? map = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            double value;
            if (reader.TokenType == JsonTokenType.Number)
            {
                value = reader.GetDouble();
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                if (CellText.ParseDouble(reader.GetString(), out value) is { } error)
                {
                    throw Error(column, $"map key '{key}': {error}");
                }
            }
            else
            {
                throw Error(column, $"map key '{key}' has {Describe(reader.TokenType)}; map values must be numbers.");
            }

            if (!(map ??= new Dictionary<string, double>(StringComparer.Ordinal)).TryAdd(key, value))
            {
                throw Error(column, $"map key '{key}' appears twice. Each key may appear once per map.");
            }
        }

        return map is null ? FrozenDictionary<string, double>.Empty : map;
    }

    public override float GetLabel(int column)
    {
        var slot = _slots[column];
        switch (slot.Type)
        {
            case JsonTokenType.None or JsonTokenType.Null:
                throw Error(column, "the label is missing. Every row needs a label of 0 or 1.");
            case JsonTokenType.True:
                return 1f;
            case JsonTokenType.False:
                return 0f;
            case JsonTokenType.Number:
                return CellText.NumberToLabel(ParseNumber(column, slot), out var label) is { } error ? throw Error(column, error) : label;
            case JsonTokenType.String:
                return CellText.ParseLabel(ReadString(slot), out var parsed) is { } stringError ? throw Error(column, stringError) : parsed;
            default:
                throw WrongType(column, slot, "a label of 0 or 1");
        }
    }

    private ValueSlot Present(int column)
    {
        var slot = _slots[column];
        return slot.Type is JsonTokenType.None or JsonTokenType.Null ? throw MissingValueError(column) : slot;
    }

    private ReadOnlySpan<byte> Raw(ValueSlot slot) => Line.Slice(slot.Start, slot.Length);

    private Utf8JsonReader ValueReader(ValueSlot slot)
    {
        var reader = new Utf8JsonReader(Raw(slot), isFinalBlock: true, state: default);
        reader.Read();
        return reader;
    }

    private string ReadString(ValueSlot slot) => ValueReader(slot).GetString()!;

    private string RawOrString(ValueSlot slot) =>
        slot.Type == JsonTokenType.String ? ReadString(slot) : System.Text.Encoding.UTF8.GetString(Raw(slot));

    private double ParseNumber(int column, ValueSlot slot) =>
        double.TryParse(Raw(slot), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(column, $"'{System.Text.Encoding.UTF8.GetString(Raw(slot))}' is not a double.");

    private DataFormatException WrongType(int column, ValueSlot slot, string expected) =>
        Error(column, $"expected {expected} but found {Describe(slot.Type)}.");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    /// <summary>Where a requested column's raw JSON value lies in the current line.</summary>
    private readonly record struct ValueSlot(JsonTokenType Type, int Start, int Length);
}
