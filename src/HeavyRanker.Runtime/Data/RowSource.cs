namespace HeavyRanker.Runtime.Data;

/// <summary>
/// One open data file positioned on a row. <see cref="MoveNext"/> advances before it validates,
/// so a <see cref="DataFormatException"/> for a bad row leaves the source ready for the next one.
/// </summary>
internal abstract class RowSource : IRowReader, IDisposable
{
    protected RowSource(string file, IReadOnlyList<string> columns)
    {
        File = file;
        Columns = columns;
    }

    public string File { get; }

    public long Row { get; protected set; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Advances to the next data row; returns false at the end of the file.</summary>
    public abstract bool MoveNext();

    public abstract bool IsMissing(int column);

    public abstract double GetDouble(int column);

    public abstract long GetInt64(int column);

    public abstract bool GetBoolean(int column);

    public abstract string GetString(int column);

    public abstract IReadOnlySet<string> GetStringSet(int column);

    public abstract IReadOnlyDictionary<string, double> GetStringDoubleMap(int column);

    public abstract float GetLabel(int column);

    public virtual void Dispose()
    {
    }

    protected DataFormatException Error(int column, string reason) => new(File, Row, Columns[column], reason);

    protected DataFormatException MissingValueError(int column) =>
        Error(column, "the value is empty. Fill it in, or read it through a binder rule that allows missing values.");

    protected DataFormatException FileError(string reason, Exception? inner = null) => new(File, null, null, reason, inner);
}

/// <summary>A row source whose values are text cells in the shared CSV encoding.</summary>
internal abstract class TextRowSource : RowSource
{
    protected TextRowSource(string file, IReadOnlyList<string> columns)
        : base(file, columns)
    {
    }

    /// <summary>Returns the cell of a requested column in the current row.</summary>
    protected abstract ReadOnlySpan<char> Cell(int column);

    public override bool IsMissing(int column) => Cell(column).IsEmpty;

    public override double GetDouble(int column) =>
        CellText.ParseDouble(Present(column), out var value) is { } error ? throw Error(column, error) : value;

    public override long GetInt64(int column) =>
        CellText.ParseInt64(Present(column), out var value) is { } error ? throw Error(column, error) : value;

    public override bool GetBoolean(int column) =>
        CellText.ParseBoolean(Present(column), out var value) is { } error ? throw Error(column, error) : value;

    public override string GetString(int column) => Present(column).ToString();

    public override IReadOnlySet<string> GetStringSet(int column) =>
        CellText.ParseStringSet(Present(column), out var value) is { } error ? throw Error(column, error) : value;

    public override IReadOnlyDictionary<string, double> GetStringDoubleMap(int column) =>
        CellText.ParseStringDoubleMap(Present(column), out var value) is { } error ? throw Error(column, error) : value;

    public override float GetLabel(int column)
    {
        var cell = Cell(column);
        if (cell.IsEmpty)
        {
            throw Error(column, "the label is empty. Every row needs a label of 0 or 1.");
        }

        return CellText.ParseLabel(cell, out var value) is { } error ? throw Error(column, error) : value;
    }

    private ReadOnlySpan<char> Present(int column)
    {
        var cell = Cell(column);
        return cell.IsEmpty ? throw MissingValueError(column) : cell;
    }
}
