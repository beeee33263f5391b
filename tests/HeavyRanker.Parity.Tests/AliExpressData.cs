using System.Globalization;
using System.Reflection;
using HeavyRanker.Parity.Tests.AliExpressModel;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Parity.Tests;

/// <summary>Reads the AliExpress sample CSV files into generated records and their two labels.</summary>
internal static class AliExpressData
{
    /// <summary>Folder of the sample, outside the repository (see <see cref="HeavyRanker.TestSupport.SampleData"/>).</summary>
    public static string Folder => HeavyRanker.TestSupport.SampleData.AliExpressFolder();

    /// <summary>Reads <paramref name="fileName"/> of the sample into records and a <c>[rows, 2]</c> label matrix (click, conversion).</summary>
    public static (AliExpressRecord[] Records, float[] Labels) Read(string fileName)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Folder, fileName));
        string[] header = lines[0].Split(',');
        var columns = header.Select((name, index) => (name, index)).ToDictionary(pair => pair.name, pair => pair.index, StringComparer.Ordinal);
        var bindings = ((IModelDefinition)AliExpressDefinition.Instance).Features
            .Select(feature => (Feature: feature, Column: columns[feature.Column], Property: typeof(AliExpressRecord).GetProperty(feature.PropertyName)
                ?? throw new InvalidOperationException($"The generated record has no property '{feature.PropertyName}'.")))
            .ToArray();

        var records = new List<AliExpressRecord>();
        var labels = new List<float>();
        foreach (string line in lines.Skip(1).Where(line => line.Length > 0))
        {
            string[] cells = line.Split(',');
            var record = new AliExpressRecord();
            foreach ((FeatureDefinition feature, int column, PropertyInfo property) in bindings)
            {
                property.SetValue(record, Convert(feature.Type, cells[column]));
            }

            records.Add(record);
            labels.Add(float.Parse(cells[columns["click"]], CultureInfo.InvariantCulture));
            labels.Add(float.Parse(cells[columns["conversion"]], CultureInfo.InvariantCulture));
        }

        return (records.ToArray(), labels.ToArray());
    }

    private static object Convert(FeatureType type, string cell) => type switch
    {
        FeatureType.Continuous => double.Parse(cell, CultureInfo.InvariantCulture),
        FeatureType.Binary => double.Parse(cell, CultureInfo.InvariantCulture) != 0,
        FeatureType.Discrete => (long)double.Parse(cell, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"The AliExpress spec has no {type} features."),
    };
}
