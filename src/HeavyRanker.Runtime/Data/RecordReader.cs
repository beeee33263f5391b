using System.Collections;

namespace HeavyRanker.Runtime.Data;

/// <summary>Opens data files as streams of typed records.</summary>
public static class RecordReader
{
    /// <summary>
    /// Opens a data file, or a folder of part files, for streaming through <paramref name="binder"/>.
    /// The format comes from each file's extension (<c>.csv</c>, <c>.tsv</c>, <c>.jsonl</c>,
    /// <c>.ndjson</c>, <c>.parquet</c>) unless <see cref="RecordReaderOptions.Format"/> sets it.
    /// The first file is opened and its header checked here, so a missing column fails now.
    /// </summary>
    /// <exception cref="DataFormatException">The first file lacks a mapped column or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    public static RecordReader<TRecord> Open<TRecord>(string path, IRecordBinder<TRecord> binder, RecordReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(binder);
        var reader = new RecordReader<TRecord>(path, binder, options ?? RecordReaderOptions.Default);
        try
        {
            reader.OpenFirstFile();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    internal static RowSource OpenFile(string file, IReadOnlyList<string> columns, DataFormat? format)
    {
        var resolved = format ?? DataFormats.FromExtension(file) ?? throw new DataFormatException(
            file,
            null,
            null,
            "the file extension is not a known data format. Use .csv, .tsv, .jsonl, .ndjson or .parquet, or set the format explicitly.");
        return resolved switch
        {
            DataFormat.Csv => new CsvRowSource(file, columns, ','),
            DataFormat.Tsv => new CsvRowSource(file, columns, '\t'),
            DataFormat.JsonLines => new JsonLinesRowSource(file, columns),
            _ => new ParquetRowSource(file, columns),
        };
    }
}

/// <summary>
/// A forward-only stream of records from one data file or a folder of part files. Memory stays
/// constant in the number of rows, because only one Parquet row group is in memory at a time. Enumerate it
/// once, or pull records with <see cref="TryRead"/> and <see cref="ReadBatch"/>; after reading,
/// <see cref="SkippedRowCount"/> and <see cref="SkippedRowErrors"/> report what was skipped.
/// </summary>
/// <typeparam name="TRecord">Record type the binder creates.</typeparam>
public sealed class RecordReader<TRecord> : IEnumerable<TRecord>, IDisposable
{
    private readonly IRecordBinder<TRecord> _binder;
    private readonly RecordReaderOptions _options;
    private readonly List<DataFormatException> _skippedRowErrors = [];
    private IReadOnlyList<string> _files = [];
    private int _nextFile;
    private RowSource? _source;
    private bool _enumerated;
    private bool _disposed;

    internal RecordReader(string path, IRecordBinder<TRecord> binder, RecordReaderOptions options)
    {
        Path = path;
        _binder = binder;
        _options = options;
    }

    /// <summary>The file or folder being read.</summary>
    public string Path { get; }

    /// <summary>Data files in reading order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Records returned so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Malformed rows skipped so far (only with <see cref="RecordReaderOptions.SkipBadRows"/>).</summary>
    public long SkippedRowCount { get; private set; }

    /// <summary>The first <see cref="RecordReaderOptions.MaxReportedErrors"/> errors of skipped rows, in file order.</summary>
    public IReadOnlyList<DataFormatException> SkippedRowErrors => _skippedRowErrors;

    /// <summary>
    /// Reads the next record. Returns false at the end of the last file or once
    /// <see cref="RecordReaderOptions.MaxRecords"/> records were returned.
    /// </summary>
    /// <exception cref="DataFormatException">A malformed row (unless skipped) or an unreadable file.</exception>
    public bool TryRead(out TRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (RecordCount < (_options.MaxRecords ?? long.MaxValue))
        {
            if (_source is null && !OpenNextFile())
            {
                break;
            }

            try
            {
                if (!_source!.MoveNext())
                {
                    _source.Dispose();
                    _source = null;
                    continue;
                }

                record = _binder.Bind(_source);
                RecordCount++;
                return true;
            }
            catch (DataFormatException exception) when (_options.SkipBadRows && exception.IsRowError)
            {
                SkippedRowCount++;
                if (_skippedRowErrors.Count < _options.MaxReportedErrors)
                {
                    _skippedRowErrors.Add(exception);
                }
            }
        }

        record = default!;
        return false;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> from its start and returns how many records were written:
    /// the buffer's length except for the last batch, and 0 at the end. The buffer can be reused.
    /// </summary>
    public int ReadBatch(Span<TRecord> buffer)
    {
        var count = 0;
        while (count < buffer.Length && TryRead(out var record))
        {
            buffer[count++] = record;
        }

        return count;
    }

    /// <summary>Returns the remaining records; a reader can be enumerated only once, and disposing the enumerator disposes the reader.</summary>
    public IEnumerator<TRecord> GetEnumerator()
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("A RecordReader can be enumerated only once. Open the file again to read it again.");
        }

        _enumerated = true;
        return Enumerate();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes the open file.</summary>
    public void Dispose()
    {
        _disposed = true;
        _source?.Dispose();
        _source = null;
    }

    internal void OpenFirstFile()
    {
        _files = DataFormats.ListFiles(Path, _options.Format);
        OpenNextFile();
    }

    private IEnumerator<TRecord> Enumerate()
    {
        try
        {
            while (TryRead(out var record))
            {
                yield return record;
            }
        }
        finally
        {
            Dispose();
        }
    }

    private bool OpenNextFile()
    {
        if (_nextFile >= _files.Count)
        {
            return false;
        }

        _source = RecordReader.OpenFile(_files[_nextFile++], _binder.Columns, _options.Format);
        return true;
    }
}
