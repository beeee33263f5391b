using HeavyRanker.Runtime.Data;

namespace HeavyRanker.Cli.Scoring;

/// <summary>
/// Binds records for scoring from the feature columns alone, so unlabelled files can be scored,
/// and reads an optional key column as text. The generated binder lists the feature columns
/// first, in spec order, then the label, dislike and weight columns; this binder requests only
/// the first <c>featureCount</c> of them and shows the generated binder every later column as
/// missing, which reads as label 0 and weight 1.
/// </summary>
internal sealed class ScoringBinder<TRecord> : IRecordBinder<(TRecord Record, string? Key)>
{
    private readonly IRecordBinder<TRecord> _inner;
    private readonly int _featureCount;
    private readonly string? _keyColumn;
    private readonly IReadOnlyList<string> _columns;

    public ScoringBinder(IRecordBinder<TRecord> inner, int featureCount, string? keyColumn)
    {
        _inner = inner;
        _featureCount = featureCount;
        _keyColumn = keyColumn;
        IEnumerable<string> features = inner.Columns.Take(featureCount);
        _columns = keyColumn is null ? features.ToArray() : [.. features, keyColumn];
    }

    public IReadOnlyList<string> Columns => _columns;

    public (TRecord Record, string? Key) Bind(IRowReader row)
    {
        TRecord record = _inner.Bind(new FeatureRow(row, _inner.Columns, _featureCount));
        if (_keyColumn is null)
        {
            return (record, null);
        }

        return (record, row.IsMissing(_featureCount) ? null : row.GetString(_featureCount));
    }

    /// <summary>A row seen through the generated binder's column indexes, with every column after the features missing.</summary>
    private sealed class FeatureRow(IRowReader row, IReadOnlyList<string> columns, int featureCount) : IRowReader
    {
        public string File => row.File;

        public long Row => row.Row;

        public IReadOnlyList<string> Columns => columns;

        public bool IsMissing(int column) => column >= featureCount || row.IsMissing(column);

        public double GetDouble(int column) => row.GetDouble(Feature(column));

        public long GetInt64(int column) => row.GetInt64(Feature(column));

        public bool GetBoolean(int column) => row.GetBoolean(Feature(column));

        public string GetString(int column) => row.GetString(Feature(column));

        public IReadOnlySet<string> GetStringSet(int column) => row.GetStringSet(Feature(column));

        public IReadOnlyDictionary<string, double> GetStringDoubleMap(int column) => row.GetStringDoubleMap(Feature(column));

        // Task labels are read without a missing check; scoring does not use them.
        public float GetLabel(int column) => column >= featureCount ? 0f : row.GetLabel(column);

        private int Feature(int column) => column < featureCount
            ? column
            : throw new InvalidOperationException($"Column '{columns[column]}' is not read when scoring; only the {featureCount} feature columns are.");
    }
}
