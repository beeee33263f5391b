using System.Text.Json;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.WarmStart;

namespace HeavyRanker.WarmStart.Tests;

public sealed class FolderRewriteTests
{
    private static readonly TestModel OldModel = new();
    private static readonly TestModel NewModel = OldModel with { ContinuousFeatures = new[] { "c", "a", "d" }, BinaryFeatures = new[] { "q", "r" } };

    [Fact]
    public void RewriteWritesCompleteFolder()
    {
        using var folder = new TemporaryFolder();
        string oldDirectory = folder.Combine("old");
        string newDirectory = folder.Combine("new");
        OldModel.WriteModelFolder(oldDirectory);
        Dictionary<string, string> before = TemporaryFolder.Snapshot(oldDirectory);

        WarmStartReport report = WarmStartRewriter.Rewrite(oldDirectory, newDirectory, NewModel, new WarmStartOptions { Seed = 4 });

        Checkpoint rewritten = CheckpointFile.Load(Path.Combine(newDirectory, WarmStartRewriter.CheckpointFileName), NewModel);
        Assert.Equal("4", rewritten.Metadata[WarmStartMetadata.SeedKey]);
        Assert.Equal(NewModel.SpecJson, File.ReadAllText(Path.Combine(newDirectory, WarmStartRewriter.SpecFileName)));
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(newDirectory, WarmStartReport.JsonFileName))))
        {
            JsonElement first = json.RootElement.GetProperty("remapped_tensors")[0];
            Assert.Equal($"{ClemNetLayout.ContinuousNorm}.weight", first.GetProperty("tensor_name").GetString());
            Assert.Equal("d", first.GetProperty("added")[0].GetString());
            Assert.Equal(4, json.RootElement.GetProperty("seed").GetInt32());
        }

        Assert.Contains("dropped: b", File.ReadAllText(Path.Combine(newDirectory, WarmStartReport.TextFileName)), StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(newDirectory), report.NewModelDirectory);
        Assert.Null(report.BackupDirectory);
        Assert.Equal(new[] { "new", "old" }, Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order());
        Assert.Equal(before, TemporaryFolder.Snapshot(oldDirectory));
    }

    [Fact]
    public void UnchangedListsGiveIdenticalFile()
    {
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));

        WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("new"), OldModel, new WarmStartOptions { Seed = 1 });

        Checkpoint old = CheckpointFile.Load(Path.Combine(folder.Combine("old"), WarmStartRewriter.CheckpointFileName), OldModel);
        Checkpoint rewritten = CheckpointFile.Load(Path.Combine(folder.Combine("new"), WarmStartRewriter.CheckpointFileName), OldModel);
        CheckpointAssert.TensorsBitIdentical(old, rewritten);
    }

    [Fact]
    public void SameSeedGivesIdenticalFile()
    {
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));

        WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("first"), NewModel, new WarmStartOptions { Seed = 11 });
        WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("second"), NewModel, new WarmStartOptions { Seed = 11 });

        byte[] first = File.ReadAllBytes(Path.Combine(folder.Combine("first"), WarmStartRewriter.CheckpointFileName));
        byte[] second = File.ReadAllBytes(Path.Combine(folder.Combine("second"), WarmStartRewriter.CheckpointFileName));
        Assert.Equal(first, second);
    }

    [Fact]
    public void ExistingOutputIsRejected()
    {
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));
        Directory.CreateDirectory(folder.Combine("new"));
        File.WriteAllText(Path.Combine(folder.Combine("new"), "marker.txt"), "previous");

        var exception = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("new"), NewModel, new WarmStartOptions()));

        Assert.Contains("already exists", exception.Message, StringComparison.Ordinal);
        Assert.Contains("--overwrite", exception.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "marker.txt" }, Directory.GetFiles(folder.Combine("new")).Select(Path.GetFileName));
    }

    [Fact]
    public void OverwriteMovesOutputToBackup()
    {
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));
        Directory.CreateDirectory(folder.Combine("new"));
        File.WriteAllText(Path.Combine(folder.Combine("new"), "marker.txt"), "previous");

        WarmStartReport report = WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("new"), NewModel, new WarmStartOptions { Overwrite = true });

        Assert.NotNull(report.BackupDirectory);
        Assert.StartsWith(folder.Combine("new.backup-"), report.BackupDirectory, StringComparison.Ordinal);
        Assert.Equal("previous", File.ReadAllText(Path.Combine(report.BackupDirectory, "marker.txt")));
        Assert.False(File.Exists(Path.Combine(folder.Combine("new"), "marker.txt")));
        CheckpointFile.Load(Path.Combine(folder.Combine("new"), WarmStartRewriter.CheckpointFileName), NewModel);
    }

    [Fact]
    public void OutputEqualToOldIsRejected()
    {
        using var folder = new TemporaryFolder();
        string oldDirectory = folder.Combine("old");
        OldModel.WriteModelFolder(oldDirectory);
        Dictionary<string, string> before = TemporaryFolder.Snapshot(oldDirectory);

        var same = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(oldDirectory, oldDirectory + Path.DirectorySeparatorChar, NewModel, new WarmStartOptions { Overwrite = true }));
        var inside = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(oldDirectory, Path.Combine(oldDirectory, "sub"), NewModel, new WarmStartOptions { Overwrite = true }));
        var around = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(oldDirectory, folder.Path, NewModel, new WarmStartOptions { Overwrite = true }));

        Assert.Contains("is the old model folder", same.Message, StringComparison.Ordinal);
        Assert.Contains("inside the old model folder", inside.Message, StringComparison.Ordinal);
        Assert.Contains("inside the output folder", around.Message, StringComparison.Ordinal);
        Assert.Equal(before, TemporaryFolder.Snapshot(oldDirectory));
    }

    [Fact]
    public void CorruptOldCheckpointIsRejected()
    {
        using var folder = new TemporaryFolder();
        string oldDirectory = folder.Combine("old");
        OldModel.WriteModelFolder(oldDirectory);
        string checkpointPath = Path.Combine(oldDirectory, WarmStartRewriter.CheckpointFileName);
        byte[] bytes = File.ReadAllBytes(checkpointPath);
        File.WriteAllBytes(checkpointPath, bytes[..(bytes.Length - 10)]);

        var exception = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(oldDirectory, folder.Combine("new"), NewModel, new WarmStartOptions()));

        Assert.Contains($"old model folder '{oldDirectory}' is invalid", exception.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
        Assert.IsType<CheckpointException>(exception.InnerException);
        Assert.False(Directory.Exists(folder.Combine("new")));
    }

    [Fact]
    public void MissingOldCheckpointIsRejected()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.Combine("old"));

        var missingFile = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("new"), NewModel, new WarmStartOptions()));
        var missingFolder = Assert.Throws<WarmStartException>(
            () => WarmStartRewriter.Rewrite(folder.Combine("absent"), folder.Combine("new"), NewModel, new WarmStartOptions()));

        Assert.Contains("has no model.safetensors", missingFile.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missingFolder.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("new")));
    }

    [Fact]
    public void StaleTemporaryFolderIsDeleted()
    {
        using var folder = new TemporaryFolder();
        OldModel.WriteModelFolder(folder.Combine("old"));
        string stale = folder.Combine(".new.tmp-not-a-process");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "model.safetensors"), "partial");

        WarmStartRewriter.Rewrite(folder.Combine("old"), folder.Combine("new"), NewModel, new WarmStartOptions());

        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(folder.Combine("new")));
    }
}
