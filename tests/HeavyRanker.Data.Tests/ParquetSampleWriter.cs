using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace HeavyRanker.Data.Tests;

/// <summary>
/// Writes sample records as Parquet with Parquet.Net's low-level API, computing the Dremel
/// definition and repetition levels by hand the way Spark lays out optional lists and maps.
/// </summary>
public static class ParquetSampleWriter
{
    /// <summary>Writes the records with native types: list&lt;string&gt; sets and map&lt;string, double&gt; maps.</summary>
    public static void WriteNative(string path, IReadOnlyList<SampleRecord> records, int rowGroupSize = int.MaxValue)
    {
        var age = new DataField<double?>("age");
        var verified = new DataField<bool>("verified");
        var country = new DataField<long?>("country");
        var language = new DataField<string>("language");
        var interests = new ListField("interests", new DataField<string>("element"));
        var topics = new MapField("topics", new DataField<string>("key", false), new DataField<double>("value", false));
        var label = new DataField<int>("label");
        var engaged = new DataField<int>("label.engagement");
        var dislike = new DataField<int?>("label.ntabDislike");
        var weight = new DataField<float?>("weight");
        var schema = new ParquetSchema(age, verified, country, language, interests, topics, label, engaged, dislike, weight);
        var fields = schema.DataFields;

        Write(path, schema, records, rowGroupSize, async (group, rows) =>
        {
            await WriteFlat(group, fields[0], rows.Select(r => r.Age).ToArray());
            await group.WriteAllPartsAsync<bool>(fields[1], rows.Select(r => r.Verified).ToArray(), null, null, default);
            await WriteFlat(group, fields[2], rows.Select(r => r.Country).ToArray());
            await WriteStrings(group, fields[3], rows.Select(r => r.Language == "en" ? null : r.Language).ToArray());
            await WriteList(group, fields[4], rows.Select(r => r.Interests?.ToArray()).ToArray());
            await WriteMap(group, fields[5], fields[6], rows.Select(r => r.Topics?.ToArray()).ToArray());
            await group.WriteAllPartsAsync<int>(fields[7], rows.Select(r => (int)r.Label).ToArray(), null, null, default);
            await group.WriteAllPartsAsync<int>(fields[8], rows.Select(r => (int)r.Engaged).ToArray(), null, null, default);
            await WriteFlat(group, fields[9], rows.Select(r => r.Dislike == 0 ? (int?)null : (int)r.Dislike).ToArray());
            await WriteFlat(group, fields[10], rows.Select(r => r.Weight == 1 ? (float?)null : r.Weight).ToArray());
        });
    }

    /// <summary>Writes every column as a nullable string in the CSV encoding, as a text-only export would.</summary>
    public static void WriteAsStrings(string path, IReadOnlyList<SampleRecord> records)
    {
        string[] names = ["age", "verified", "country", "language", "interests", "topics", "label", "label.engagement", "label.ntabDislike", "weight"];
        var schema = new ParquetSchema(names.Select(name => (Field)new DataField<string>(name)).ToArray());
        Write(path, schema, records, int.MaxValue, async (group, rows) =>
        {
            var columns = new Func<SampleRecord, string?>[]
            {
                r => r.Age?.ToString("R", CultureInfo.InvariantCulture),
                r => r.Verified ? "true" : "0",
                r => r.Country?.ToString(CultureInfo.InvariantCulture),
                r => r.Language == "en" ? null : r.Language,
                r => EncodeSet(r.Interests),
                r => EncodeMap(r.Topics),
                r => r.Label.ToString(CultureInfo.InvariantCulture),
                r => r.Engaged.ToString(CultureInfo.InvariantCulture),
                r => r.Dislike == 0 ? null : "1",
                r => r.Weight == 1 ? null : r.Weight.ToString("R", CultureInfo.InvariantCulture),
            };
            for (var i = 0; i < columns.Length; i++)
            {
                await WriteStrings(group, schema.DataFields[i], rows.Select(columns[i]).ToArray());
            }
        });
    }

    private static string? EncodeSet(IReadOnlySet<string>? set)
    {
        if (set is null)
        {
            return null;
        }

        return set.Count == 0 ? "[]" : string.Join("|", set);
    }

    private static string? EncodeMap(IReadOnlyDictionary<string, double>? map)
    {
        if (map is null)
        {
            return null;
        }

        var entries = map.Select(entry => $"{entry.Key}:{entry.Value.ToString("R", CultureInfo.InvariantCulture)}");
        return map.Count == 0 ? "{}" : string.Join("|", entries);
    }

    private static void Write(string path, ParquetSchema schema, IReadOnlyList<SampleRecord> records, int rowGroupSize, Func<ParquetRowGroupWriter, SampleRecord[], Task> writeGroup)
    {
        Task.Run(async () =>
        {
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            foreach (var chunk in records.Chunk(Math.Max(1, Math.Min(rowGroupSize, records.Count))))
            {
                using var group = writer.CreateRowGroup();
                await writeGroup(group, chunk);
            }
        }).GetAwaiter().GetResult();
    }

    private static Task WriteFlat<T>(ParquetRowGroupWriter group, DataField field, T?[] values)
        where T : struct =>
        group.WriteAllPartsAsync<T>(
            field,
            values.Where(v => v.HasValue).Select(v => v!.Value).ToArray(),
            values.Select(v => v.HasValue ? 1 : 0).ToArray(),
            null,
            default);

    private static Task WriteStrings(ParquetRowGroupWriter group, DataField field, string?[] values) =>
        group.WriteAllPartsAsync<ReadOnlyMemory<char>>(
            field,
            values.Where(v => v is not null).Select(v => v!.AsMemory()).ToArray(),
            values.Select(v => v is null ? 0 : 1).ToArray(),
            null,
            default);

    // Optional list of optional strings: null list 0, empty list 1, element 3; repetition 1 continues a row.
    private static Task WriteList(ParquetRowGroupWriter group, DataField field, string[]?[] rows)
    {
        var (definitions, repetitions) = Levels(rows.Select(row => row?.Length).ToArray(), present: 3);
        var values = rows.Where(row => row is not null).SelectMany(row => row!).Select(v => v.AsMemory()).ToArray();
        return group.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, values, definitions, repetitions, default);
    }

    // Optional map with required keys and values: null map 0, empty map 1, entry 2.
    private static async Task WriteMap(ParquetRowGroupWriter group, DataField keys, DataField values, KeyValuePair<string, double>[]?[] rows)
    {
        var (definitions, repetitions) = Levels(rows.Select(row => row?.Length).ToArray(), present: 2);
        var entries = rows.Where(row => row is not null).SelectMany(row => row!).ToArray();
        await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(keys, entries.Select(e => e.Key.AsMemory()).ToArray(), definitions, repetitions, default);
        await group.WriteAllPartsAsync<double>(values, entries.Select(e => e.Value).ToArray(), definitions, repetitions, default);
    }

    private static (int[] Definitions, int[] Repetitions) Levels(int?[] lengths, int present)
    {
        var definitions = new List<int>();
        var repetitions = new List<int>();
        foreach (var length in lengths)
        {
            if (length is null or 0)
            {
                definitions.Add(length is null ? 0 : 1);
                repetitions.Add(0);
                continue;
            }

            for (var i = 0; i < length; i++)
            {
                definitions.Add(present);
                repetitions.Add(i == 0 ? 0 : 1);
            }
        }

        return (definitions.ToArray(), repetitions.ToArray());
    }
}
