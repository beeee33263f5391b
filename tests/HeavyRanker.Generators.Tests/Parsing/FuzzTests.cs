using System.Collections.Immutable;
using System.Text;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.Parsing;
using Microsoft.CodeAnalysis;
using static HeavyRanker.Generators.Tests.Parsing.SpecHarness;

namespace HeavyRanker.Generators.Tests.Parsing;

/// <summary>Broken and hostile specs: the generator must report diagnostics, never throw.</summary>
public sealed class FuzzTests
{
    private const int MutationCount = 400;

    private static readonly string[] Fragments =
    {
        ":", "-", "- ", "[", "]", "{", "}", ",", "'", "\"", "\n", "\r\n", " ", "  ", "\t", "#", "&a ", "*a", "!!str ", "!!int ", "? ",
        "|", ">", "~", "null", "none", "true", "1e999", "-1", "0", "NaN", ".inf", "9999999999999999999999", "0x1F", "\u00e9", "\u0000", "\uFEFF",
        "name: x", "type: sparse_binary", "residual: true", "default: [1]", "conv: {}", "blocks: []", "dense: 3",
    };

    [Fact]
    public void Mutations_NeverThrow()
    {
        string sample = SampleSpec();
        var random = new Random(20261204);

        for (int i = 0; i < MutationCount; i++)
        {
            string text = Mutate(sample, random);
            AssertHandled(text);
        }
    }

    [Theory]
    [InlineData("model: &m { name: *m, namespace: *m }\nfeatures: &f [*f]\n")]
    [InlineData("a: &x [*x]\n")]
    [InlineData("? &k [*k]\n: 1\n")]
    [InlineData("? &k { a: *k }\n: 1\n")]
    [InlineData("x: &a [1]\n? *a\n: 1\n")]
    [InlineData("a: &a [1, 1, 1]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nfeatures: [*c, *c, *c]\ntasks: [*c]\narchitecture: { top: { hidden_units: [*c, *c] } }\n")]
    [InlineData("tasks: &t [ { name: *t, label: *t } ]\n")]
    [InlineData("? [a, b]\n: 1\n")]
    [InlineData("? { a: 1 }\n: 1\nmodel: x\n")]
    [InlineData("model: *missing\n")]
    [InlineData("- just\n- a list\n")]
    [InlineData("just text")]
    [InlineData("\uFEFFmodel:\r\n  name: Ranker\r\n  namespace: A\r\nfeatures:\r\n  - { name: x, type: binary }\r\n")]
    [InlineData("model: {name: Ranker, namespace: A}\nfeatures:\n  - {name: x, type: discrete, default: 99999999999999999999}\n")]
    [InlineData("model: {name: Ranker, namespace: A}\nfeatures:\n  - {name: x, type: continuous, default: .nan}\nsparse: {bits: -0}\ntraining: {learning_rate: 1e999, seed: 99999999999}\n")]
    [InlineData("model: {name: Ranker, namespace: A}\nfeatures:\n  - {name: x, type: continuous}\ntasks:\n  - {name: a, label: b, score_weight: 1e308}\n  - {name: c, label: d, score_weight: 1e308}\n")]
    [InlineData("model: {name: Ranker, namespace: A}\nfeatures:\n  - {name: x, type: continuous}\narchitecture:\n  blocks:\n    - {dense: 2147483647, residual: true, conv: {stride: 2147483647}}\n")]
    [InlineData("model: {name: Ranker, namespace: A}\nfeatures:\n  - {name: x, type: continuous}\narchitecture: clemnet\n")]
    [InlineData("model: {name: Ranker, namespace: A}\nfeatures:\n  - {name: x, type: continuous}\narchitecture: {type: [clemnet]}\n")]
    [InlineData("model: {name: Ranker, namespace: A}\nfeatures:\n  - {name: x, type: continuous}\narchitecture: {blocks: [1, [2], {dense: []}]}\n")]
    public void HostileInput_Handled(string text)
    {
        ImmutableArray<Diagnostic> diagnostics = AssertHandled(text);
        Assert.NotEmpty(diagnostics);
    }

    [Fact]
    public void DeepNesting_Handled()
    {
        string text = "model:\n" + string.Concat(Enumerable.Repeat("- ", 5000)) + "x\n" + new string('{', 100000);
        ImmutableArray<Diagnostic> diagnostics = AssertHandled(text);
        Assert.Contains(diagnostics, diagnostic => diagnostic.Id == "HR0001");
    }

    /// <summary>
    /// Runs <paramref name="text"/> through the driver (which asserts no exception and no CS8785)
    /// and the parser, and checks that diagnostics and the spec agree and that HR0099 is absent.
    /// </summary>
    private static ImmutableArray<Diagnostic> AssertHandled(string text)
    {
        ImmutableArray<Diagnostic> diagnostics = Run(text);
        Assert.DoesNotContain(diagnostics, diagnostic => diagnostic.Id == "HR0099");

        SpecParseResult result = SpecParser.Parse(SpecPath, text);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Id == "HR0099");
        Assert.Equal(result.Spec is null, result.Diagnostics.Count > 0);

        int lineCount = text.Split('\n').Length;
        foreach (DiagnosticInfo diagnostic in result.Diagnostics)
        {
            Assert.InRange(diagnostic.Line, 1, lineCount + 1);
            Assert.True(diagnostic.Column >= 1, "column " + diagnostic.Column + " of " + diagnostic.Id);
            Assert.True(diagnostic.Length >= 0, "length " + diagnostic.Length + " of " + diagnostic.Id);
        }

        return diagnostics;
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        int edits = random.Next(1, 4);
        for (int edit = 0; edit < edits && builder.Length > 0; edit++)
        {
            int position = random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Length = position;
                    break;
                case 1:
                    builder.Remove(position, Math.Min(random.Next(1, 40), builder.Length - position));
                    break;
                case 2:
                    builder.Insert(position, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 3:
                    builder[position] = (char)random.Next(32, 127);
                    break;
                case 4:
                    builder = new StringBuilder(SwapLines(builder.ToString(), random));
                    break;
                default:
                    builder = new StringBuilder(DuplicateLine(builder.ToString(), random));
                    break;
            }
        }

        return builder.ToString();
    }

    private static string SwapLines(string text, Random random)
    {
        string[] lines = text.Split('\n');
        int a = random.Next(lines.Length);
        int b = random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join("\n", lines);
    }

    private static string DuplicateLine(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        int index = random.Next(lines.Count);
        lines.Insert(index, lines[index]);
        return string.Join("\n", lines);
    }
}
