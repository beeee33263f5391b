using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace HeavyRanker.Runtime.Data;

/// <summary>
/// Reads a CSV or TSV file with a header row through Sep. Quoted cells (RFC 4180) are unescaped.
/// Column counts are checked here instead of in Sep, so that a short row becomes a
/// <see cref="DataFormatException"/> that names the row and can be skipped.
/// </summary>
internal sealed class CsvRowSource : TextRowSource
{
    // Invalid UTF-8 decodes to U+FFFD instead of throwing, so the row and column can be reported.
    private static readonly Encoding Utf8Replacing = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly SepReader _reader;
    private readonly string[] _header;
    private readonly int[] _fileColumns;

    public CsvRowSource(string file, IReadOnlyList<string> columns, char separator)
        : base(file, columns)
    {
        var text = new StreamReader(file, Utf8Replacing, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        try
        {
            _reader = Sep.New(separator)
                .Reader(options => options with
                {
                    HasHeader = true,
                    DisableColCountCheck = true,
                    Unescape = true,
                    CultureInfo = CultureInfo.InvariantCulture,
                })
                .From(text);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDataException or NotSupportedException)
        {
            // Sep rejects, for example, a header that names a column twice.
            text.Dispose();
            throw new DataFormatException(file, 0, null, $"the header cannot be read: {exception.Message}. Give every column a unique name.", exception);
        }

        _header = [.. _reader.Header.ColNames];
        if (_header.Length == 0 || (_header.Length == 1 && _header[0].Length == 0))
        {
            _reader.Dispose();
            throw FileError("the file is empty. A CSV/TSV file must start with a header row that names its columns.");
        }

        _fileColumns = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (!_reader.Header.TryIndexOf(columns[i], out _fileColumns[i]))
            {
                _reader.Dispose();
                throw ColumnNames.Missing(file, columns[i], _header);
            }
        }
    }

    public override bool MoveNext()
    {
        // Empty lines are skipped and not counted, unless the file has one column, where an empty line is a missing value.
        SepReader.Row row;
        do
        {
            if (!_reader.MoveNext())
            {
                return false;
            }

            row = _reader.Current;
        }
        while (row.Span.IsEmpty && _header.Length > 1);

        Row++;

        // Sep unescapes in place on column access, so the raw row text is only intact here, before any cell is read.
        if (row.Span.Count('"') % 2 != 0)
        {
            throw new DataFormatException(
                File,
                Row,
                null,
                "the row has an unclosed quote, so it runs to the end of the file. Close the quote, or re-copy the file if it was cut off.");
        }

        if (row.ColCount != _header.Length)
        {
            var column = row.ColCount < _header.Length ? _header[row.ColCount] : null;
            throw new DataFormatException(
                File,
                Row,
                column,
                $"the row has {row.ColCount} fields but the header has {_header.Length}. "
                + "Check for a missing or extra separator, an unclosed quote, or a file cut off before its end.");
        }

        if (row.Span.Contains('\uFFFD'))
        {
            ThrowInvalidUtf8(row);
        }

        return true;
    }

    protected override ReadOnlySpan<char> Cell(int column) => _reader.Current[_fileColumns[column]].Span;

    public override void Dispose() => _reader.Dispose();

    private void ThrowInvalidUtf8(SepReader.Row row)
    {
        // NOTE: a file that contains U+FFFD itself, as valid UTF-8, is reported as invalid too.
        string? column = null;
        for (var i = 0; i < row.ColCount; i++)
        {
            if (row[i].Span.Contains('\uFFFD'))
            {
                column = _header[i];
                break;
            }
        }

        throw new DataFormatException(File, Row, column, "the value is not valid UTF-8. Re-export the file as UTF-8.");
    }
}
