using HeavyRanker.Runtime.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace HeavyRanker.EndToEnd.Tests;

/// <summary>The export and bench commands on the model that the AliExpress pipeline trains.</summary>
public sealed class InferenceCommandTests(AliExpressPipeline pipeline) : IClassFixture<AliExpressPipeline>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ExportWritesLoadableOnnx()
    {
        string path = _folder.File("model.onnx");

        CliRun run = await Cli.RunAsync("export", "--model", pipeline.ModelDirectory, "--out", path);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        using var session = new InferenceSession(path);
        Assert.Equal(
            new[] { OnnxExporter.BinaryInput, OnnxExporter.ContinuousInput, OnnxExporter.KeysInput(OnnxExporter.SparseNotContinuousGroup), OnnxExporter.ValuesInput(OnnxExporter.SparseNotContinuousGroup) },
            session.InputMetadata.Keys.OrderBy(name => name, StringComparer.Ordinal));
        Assert.Equal(
            new[] { OnnxExporter.ProbabilitiesOutput, OnnxExporter.ScoreOutput },
            session.OutputMetadata.Keys.OrderBy(name => name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExportRejectsMissingModel()
    {
        CliRun run = await Cli.RunAsync("export", "--model", _folder.File("absent"), "--out", _folder.File("model.onnx"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("not found", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("model.onnx")));
    }

    [Fact]
    public async Task BenchEndsWithRatioLines()
    {
        CliRun run = await Cli.RunAsync("bench", "--model", pipeline.ModelDirectory, "--seconds", "0.05");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("ratio_scorer_vs_ort_b1=", lines[^3], StringComparison.Ordinal);
        Assert.StartsWith("ratio_scorer_vs_ort_b256=", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("scorer_fraction_of_sgemm_peak=", lines[^1], StringComparison.Ordinal);
        Assert.True(double.Parse(lines[^1].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }
}
