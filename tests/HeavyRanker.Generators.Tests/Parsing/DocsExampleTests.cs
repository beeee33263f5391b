using System.Globalization;
using System.Text.RegularExpressions;
using HeavyRanker.Generators.Diagnostics;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace HeavyRanker.Generators.Tests.Parsing;

/// <summary>Keeps docs/diagnostics.md true: each example spec must produce exactly the error printed under it.</summary>
public sealed class DocsExampleTests
{
    private const string ExamplePath = "Ranker.ranker.yaml";

    private static readonly Regex Section = new(@"^## (HR\d{4})\s*$", RegexOptions.Multiline);
    private static readonly Regex Fence = new(@"```(yaml|text)\n(.*?)```", RegexOptions.Singleline);

    [Fact]
    public void Examples_MatchParser()
    {
        Dictionary<string, string> sections = ReadSections();
        int checkedCount = 0;

        foreach ((string id, string body) in sections)
        {
            MatchCollection fences = Fence.Matches(body);
            string? yaml = fences.FirstOrDefault(fence => fence.Groups[1].Value == "yaml")?.Groups[2].Value;
            string? expected = fences.FirstOrDefault(fence => fence.Groups[1].Value == "text")?.Groups[2].Value;
            if (yaml is null || expected is null)
            {
                Assert.Equal("HR0099", id);
                continue;
            }

            if (id == "HR0015")
            {
                // Needs two spec files; DuplicateModelTests runs this example through the driver.
                continue;
            }

            SpecParseResult result = SpecParser.Parse(ExamplePath, yaml);
            string actual = string.Concat(result.Diagnostics.Select(Format));
            Assert.Equal(expected, actual);
            Assert.StartsWith(ExamplePath + "(", actual);
            Assert.Contains("error " + id + ":", actual);
            checkedCount++;
        }

        Assert.Equal(sections.Count - 2, checkedCount);
    }

    [Fact]
    public void Docs_CoverEveryDescriptor()
    {
        Dictionary<string, string> sections = ReadSections();
        string[] ids = typeof(DiagnosticDescriptors)
            .GetFields()
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(ids, sections.Keys.Order(StringComparer.Ordinal));
    }

    private static string Format(DiagnosticInfo info)
    {
        Diagnostic diagnostic = info.ToDiagnostic();
        return string.Create(CultureInfo.InvariantCulture, $"{info.FilePath}({info.Line},{info.Column}): error {info.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}\n");
    }

    private static Dictionary<string, string> ReadSections()
    {
        string text = File.ReadAllText(Path.Combine(HeavyRanker.TestSupport.SampleData.RepositoryRoot(), "docs", "diagnostics.md")).Replace("\r\n", "\n");
        MatchCollection headings = Section.Matches(text);
        var sections = new Dictionary<string, string>();
        for (int i = 0; i < headings.Count; i++)
        {
            int start = headings[i].Index + headings[i].Length;
            int end = i + 1 < headings.Count ? headings[i + 1].Index : text.Length;
            sections.Add(headings[i].Groups[1].Value, text.Substring(start, end - start));
        }

        return sections;
    }
}
