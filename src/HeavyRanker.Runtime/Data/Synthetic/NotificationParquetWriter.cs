using Parquet;
using Parquet.Schema;

namespace HeavyRanker.Runtime.Data.Synthetic;

/// <summary>
/// Writes generated rows as Parquet, one row group of <see cref="NotificationDataWriter.ParquetRowGroupSize"/>
/// rows at a time: optional double, boolean, int64 and string columns, <c>list&lt;string&gt;</c>
/// sets, <c>map&lt;string, double&gt;</c> maps, int32 labels and a double weight. Levels follow the
/// layout Spark writes (optional list of optional elements, optional map of required entries).
/// </summary>
internal static class NotificationParquetWriter
{
    public static void Write(string path, long rows, Func<NotificationExample> next, IProgress<long>? progress) =>
        WriteAsync(path, rows, next, progress).GetAwaiter().GetResult();

    private static async Task WriteAsync(string path, long rows, Func<NotificationExample> next, IProgress<long>? progress)
    {
        var schema = CreateSchema();
        var buffers = new ColumnBuffers();
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        long written = 0;
        while (written < rows)
        {
            var groupRows = (int)Math.Min(NotificationDataWriter.ParquetRowGroupSize, rows - written);
            buffers.Clear();
            for (var i = 0; i < groupRows; i++)
            {
                buffers.Add(next());
            }

            using var group = writer.CreateRowGroup();
            await buffers.WriteAsync(group, schema.DataFields);
            written += groupRows;
            progress?.Report(written);
        }
    }

    private static ParquetSchema CreateSchema()
    {
        var fields = new List<Field>();
        fields.AddRange(NotificationDataGenerator.ContinuousColumns.Select(name => new DataField<double?>(name)));
        fields.AddRange(NotificationDataGenerator.BinaryColumns.Select(name => new DataField<bool?>(name)));
        fields.AddRange(NotificationDataGenerator.DiscreteColumns.Select(name => new DataField<long?>(name)));
        fields.AddRange(NotificationDataGenerator.StringColumns.Select(name => new DataField<string>(name)));
        fields.AddRange(NotificationDataGenerator.SetColumns.Select(name => new ListField(name, new DataField<string>("element"))));
        fields.AddRange(NotificationDataGenerator.MapColumns.Select(name =>
            new MapField(name, new DataField<string>("key", false), new DataField<double>("value", false))));
        fields.AddRange(NotificationDataGenerator.LabelColumns.Select(name => new DataField<int>(name)));
        fields.Add(new DataField<double>(NotificationDataGenerator.WeightColumn));
        return new ParquetSchema(fields);
    }

    /// <summary>Values and levels of every leaf column for one row group, reused between groups.</summary>
    private sealed class ColumnBuffers
    {
        private readonly Leaf<double>[] _continuous = Leaves<double>(NotificationDataGenerator.ContinuousColumns.Count);
        private readonly Leaf<bool>[] _binary = Leaves<bool>(NotificationDataGenerator.BinaryColumns.Count);
        private readonly Leaf<long>[] _discrete = Leaves<long>(NotificationDataGenerator.DiscreteColumns.Count);
        private readonly Leaf<ReadOnlyMemory<char>>[] _strings = Leaves<ReadOnlyMemory<char>>(NotificationDataGenerator.StringColumns.Count);
        private readonly Leaf<ReadOnlyMemory<char>>[] _sets = Leaves<ReadOnlyMemory<char>>(NotificationDataGenerator.SetColumns.Count);
        private readonly Leaf<ReadOnlyMemory<char>>[] _mapKeys = Leaves<ReadOnlyMemory<char>>(NotificationDataGenerator.MapColumns.Count);
        private readonly Leaf<double>[] _mapValues = Leaves<double>(NotificationDataGenerator.MapColumns.Count);
        private readonly Leaf<int>[] _labels = Leaves<int>(3);
        private readonly Leaf<double> _weight = new();

        public void Clear()
        {
            foreach (var leaf in _continuous.Concat<ILeaf>(_binary).Concat(_discrete).Concat(_strings).Concat(_sets).Concat(_mapKeys).Concat(_mapValues).Concat(_labels))
            {
                leaf.Clear();
            }

            _weight.Clear();
        }

        public void Add(NotificationExample e)
        {
            AddOptional(_continuous, e.Continuous);
            AddOptional(_binary, e.Binary);
            AddOptional(_discrete, e.Discrete);
            for (var i = 0; i < _strings.Length; i++)
            {
                _strings[i].AddOptional(e.Strings[i]?.AsMemory());
            }

            // Optional list of optional elements: null 0, empty 1, element 3; repetition 1 continues the row.
            for (var i = 0; i < _sets.Length; i++)
            {
                var set = e.Sets[i];
                if (set is null || set.Count == 0)
                {
                    _sets[i].AddLevels(set is null ? 0 : 1, 0);
                    continue;
                }

                for (var k = 0; k < set.Count; k++)
                {
                    _sets[i].Add(set[k].AsMemory(), 3, k == 0 ? 0 : 1);
                }
            }

            // Optional map of required keys and values: null 0, empty 1, entry 2.
            for (var i = 0; i < _mapKeys.Length; i++)
            {
                var map = e.Maps[i];
                if (map is null || map.Count == 0)
                {
                    _mapKeys[i].AddLevels(map is null ? 0 : 1, 0);
                    _mapValues[i].AddLevels(map is null ? 0 : 1, 0);
                    continue;
                }

                for (var k = 0; k < map.Count; k++)
                {
                    _mapKeys[i].Add(map[k].Key.AsMemory(), 2, k == 0 ? 0 : 1);
                    _mapValues[i].Add(map[k].Value, 2, k == 0 ? 0 : 1);
                }
            }

            _labels[0].Values.Add(e.Open);
            _labels[1].Values.Add(e.Engage);
            _labels[2].Values.Add(e.Dislike);
            _weight.Values.Add(e.Weight);
        }

        public async Task WriteAsync(ParquetRowGroupWriter group, DataField[] fields)
        {
            var f = 0;
            foreach (var leaf in _continuous)
            {
                await leaf.WriteAsync(group, fields[f++], repeated: false);
            }

            foreach (var leaf in _binary)
            {
                await leaf.WriteAsync(group, fields[f++], repeated: false);
            }

            foreach (var leaf in _discrete)
            {
                await leaf.WriteAsync(group, fields[f++], repeated: false);
            }

            foreach (var leaf in _strings)
            {
                await leaf.WriteAsync(group, fields[f++], repeated: false);
            }

            foreach (var leaf in _sets)
            {
                await leaf.WriteAsync(group, fields[f++], repeated: true);
            }

            for (var i = 0; i < _mapKeys.Length; i++)
            {
                await _mapKeys[i].WriteAsync(group, fields[f++], repeated: true);
                await _mapValues[i].WriteAsync(group, fields[f++], repeated: true);
            }

            foreach (var leaf in _labels)
            {
                await leaf.WriteRequiredAsync(group, fields[f++]);
            }

            await _weight.WriteRequiredAsync(group, fields[f]);
        }

        private static void AddOptional<T>(Leaf<T>[] leaves, T?[] values)
            where T : struct
        {
            for (var i = 0; i < leaves.Length; i++)
            {
                leaves[i].AddOptional(values[i]);
            }
        }

        private static Leaf<T>[] Leaves<T>(int count)
            where T : struct => Enumerable.Range(0, count).Select(_ => new Leaf<T>()).ToArray();
    }

    private interface ILeaf
    {
        void Clear();
    }

    /// <summary>One leaf column: its non-null values and, for optional or repeated columns, its levels.</summary>
    private sealed class Leaf<T> : ILeaf
        where T : struct
    {
        public List<T> Values { get; } = [];

        private List<int> Definitions { get; } = [];

        private List<int> Repetitions { get; } = [];

        public void Clear()
        {
            Values.Clear();
            Definitions.Clear();
            Repetitions.Clear();
        }

        public void AddOptional(T? value)
        {
            if (value is { } present)
            {
                Values.Add(present);
            }

            Definitions.Add(value is null ? 0 : 1);
        }

        public void Add(T value, int definition, int repetition)
        {
            Values.Add(value);
            AddLevels(definition, repetition);
        }

        public void AddLevels(int definition, int repetition)
        {
            Definitions.Add(definition);
            Repetitions.Add(repetition);
        }

        public Task WriteAsync(ParquetRowGroupWriter group, DataField field, bool repeated) =>
            group.WriteAllPartsAsync<T>(
                field,
                Values.ToArray(),
                Definitions.ToArray(),
                repeated ? Repetitions.ToArray() : null,
                CancellationToken.None);

        public Task WriteRequiredAsync(ParquetRowGroupWriter group, DataField field) =>
            group.WriteAllPartsAsync<T>(field, Values.ToArray(), null, null, CancellationToken.None);
    }
}
