using HeavyRanker.Runtime.Data;

namespace HeavyRanker.Data.Tests;

/// <summary>A binder for a few columns, built from a function, for tests that need no full record.</summary>
public sealed class DelegateBinder<TRecord>(IReadOnlyList<string> columns, Func<IRowReader, TRecord> bind) : IRecordBinder<TRecord>
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public TRecord Bind(IRowReader row) => bind(row);
}
