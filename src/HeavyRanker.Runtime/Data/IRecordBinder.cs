namespace HeavyRanker.Runtime.Data;

/// <summary>
/// Turns one row of a data file into a typed record. The generator emits one binder per spec;
/// <see cref="RecordReader"/> resolves <see cref="Columns"/> against the file's header once and
/// then calls <see cref="Bind"/> for every row.
/// </summary>
/// <typeparam name="TRecord">The record type, usually the generated <c>&lt;Name&gt;Record</c>.</typeparam>
public interface IRecordBinder<out TRecord>
{
    /// <summary>
    /// Every column the spec maps (feature columns, label columns, the dislike and weight
    /// columns). Positions in this list are the column indexes passed to <see cref="IRowReader"/>.
    /// </summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Creates the record of the current row.</summary>
    TRecord Bind(IRowReader row);
}
