using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.WarmStart;

namespace HeavyRanker.WarmStart.Tests;

public sealed class WarmStartCommandTests
{
    private static readonly TestModel OldModel = new();
    private static readonly TestModel NewModel = OldModel with { ContinuousFeatures = new[] { "c", "a", "d" } };

    [Fact]
    public void CommandWritesFolderAndReport()
    {
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode = WarmStartCommand.Run(NewModel, new[] { "--from", folder.Combine("old"), "--out", folder.Combine("new"), "--seed", "-12" }, output, error);

        Assert.Equal(WarmStartCommand.Success, exitCode);
        Assert.Equal("", error.ToString());
        Assert.Contains("seed -12", output.ToString(), StringComparison.Ordinal);
        Checkpoint rewritten = CheckpointFile.Load(Path.Combine(folder.Combine("new"), WarmStartRewriter.CheckpointFileName), NewModel);
        Assert.Equal("-12", rewritten.Metadata[WarmStartMetadata.SeedKey]);
    }

    [Fact]
    public void CommandOverwritesWithOption()
    {
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));
        Directory.CreateDirectory(folder.Combine("new"));
        var error = new StringWriter();

        int rejected = WarmStartCommand.Run(NewModel, new[] { "--from", folder.Combine("old"), "--out", folder.Combine("new") }, TextWriter.Null, error);
        int accepted = WarmStartCommand.Run(NewModel, new[] { "--overwrite", "--from", folder.Combine("old"), "--out", folder.Combine("new") }, TextWriter.Null, TextWriter.Null);

        Assert.Equal(WarmStartCommand.Failed, rejected);
        Assert.StartsWith("warm-start failed: Output folder", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(WarmStartCommand.Success, accepted);
        Assert.Single(Directory.GetDirectories(folder.Path, "new.backup-*"));
    }

    [Theory]
    [InlineData(new[] { "--out", "x" }, "option '--from' is missing.")]
    [InlineData(new[] { "--from", "x" }, "option '--out' is missing.")]
    [InlineData(new[] { "--from", "x", "--out" }, "option '--out' needs a value.")]
    [InlineData(new[] { "--from", "x", "--out", "y", "--seed", "1.5" }, "--seed '1.5' is not an integer")]
    [InlineData(new[] { "--from", "x", "--out", "y", "--force" }, "unknown option '--force'.")]
    public void InvalidArgumentsPrintUsage(string[] arguments, string expected)
    {
        var error = new StringWriter();

        int exitCode = WarmStartCommand.Run(NewModel, arguments, TextWriter.Null, error);

        Assert.Equal(WarmStartCommand.InvalidArguments, exitCode);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage: warm-start", error.ToString(), StringComparison.Ordinal);
    }
}
