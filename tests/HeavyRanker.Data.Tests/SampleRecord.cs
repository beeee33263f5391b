using System.Globalization;
using HeavyRanker.Runtime.Data;

namespace HeavyRanker.Data.Tests;

/// <summary>A record with one feature of each of the six types, the three labels and a weight.</summary>
public sealed record SampleRecord(
    double? Age,
    bool Verified,
    long? Country,
    string Language,
    IReadOnlySet<string>? Interests,
    IReadOnlyDictionary<string, double>? Topics,
    float Label,
    float Engaged,
    float Dislike,
    float Weight)
{
    /// <summary>Formats every field, sets and maps sorted, so that records compare as text.</summary>
    public override string ToString()
    {
        static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
        var interests = Interests is null ? "null" : "{" + string.Join(",", Interests.Order(StringComparer.Ordinal)) + "}";
        var topics = Topics is null
            ? "null"
            : "{" + string.Join(",", Topics.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => $"{entry.Key}:{Number(entry.Value)}")) + "}";
        return $"age={Number(Age)} verified={Verified} country={Country?.ToString(CultureInfo.InvariantCulture) ?? "null"} language={Language} "
            + $"interests={interests} topics={topics} label={Label} engaged={Engaged} dislike={Dislike} weight={Number(Weight)}";
    }
}

/// <summary>A hand-written binder of the kind the generator emits, using the <see cref="RecordBinder"/> rules.</summary>
public sealed class SampleRecordBinder : IRecordBinder<SampleRecord>
{
    public IReadOnlyList<string> Columns { get; } =
        ["age", "verified", "country", "language", "interests", "topics", "label", "label.engagement", "label.ntabDislike", "weight"];

    public SampleRecord Bind(IRowReader row) => new(
        RecordBinder.OptionalDouble(row, 0),
        RecordBinder.RequiredBoolean(row, 1),
        RecordBinder.OptionalInt64(row, 2),
        RecordBinder.StringOrDefault(row, 3, "en"),
        RecordBinder.OptionalStringSet(row, 4),
        RecordBinder.OptionalStringDoubleMap(row, 5),
        RecordBinder.Label(row, 6),
        RecordBinder.Label(row, 7),
        RecordBinder.LabelOrZero(row, 8),
        RecordBinder.Weight(row, 9));
}

/// <summary>The four sample rows that every format's test file encodes.</summary>
public static class SampleRows
{
    public static IReadOnlyList<SampleRecord> Expected { get; } =
    [
        new(31.5, true, 7, "es", Set("sports", "music"), Map(("sports", 0.5), ("music", 1.25)), 1, 1, 0, 1.5f),
        new(null, false, null, "en", null, null, 0, 0, 0, 1),
        new(double.NaN, true, -3, "ja", Set(), Map(), 0, 0, 1, 2),
        new(1e6, false, 12345678901, "pt-BR", Set("news"), Map(("news", -0.25)), 1, 0, 0, 0),
    ];

    /// <summary>CSV with the columns in another order than the binder's, an unmapped column and a quoted cell.</summary>
    public const string Csv = """
        extra,label,age,verified,country,language,interests,topics,label.engagement,label.ntabDislike,weight
        x,1,31.5,true,7,es,sports|music,sports:0.5|music:1.25,1,0,1.5
        y,0,,0,,,,,0,,
        z,0,NaN,TRUE,-3,ja,[],{},0,1,2
        "quoted, with comma",1,1e6,False,12345678901,pt-BR,news,news:-0.25,0,0,0

        """;

    /// <summary>JSON Lines with native arrays and objects, nulls, absent keys and a string-encoded NaN.</summary>
    public const string JsonLines = """
        {"age":31.5,"verified":true,"country":7,"language":"es","interests":["sports","music"],"topics":{"sports":0.5,"music":1.25},"label":1,"label.engagement":1,"label.ntabDislike":0,"weight":1.5,"extra":{"nested":[1,2]}}
        {"age":null,"verified":false,"label":0,"label.engagement":0}

        {"age":"NaN","verified":1,"country":-3,"language":"ja","interests":[],"topics":{},"label":0,"label.engagement":0,"label.ntabDislike":1,"weight":2}
        {"age":1e6,"verified":false,"country":12345678901,"language":"pt-BR","interests":"news","topics":"news:-0.25","label":true,"label.engagement":false,"label.ntabDislike":0,"weight":0}

        """;

    public static IReadOnlySet<string> Set(params string[] items) => new HashSet<string>(items);

    public static IReadOnlyDictionary<string, double> Map(params (string Key, double Value)[] entries) =>
        entries.ToDictionary(entry => entry.Key, entry => entry.Value);
}
