using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// Rewrites a trained checkpoint for a model whose continuous or binary feature lists changed.
/// Tensors indexed by continuous feature and each tower's first channel-wise dense kernel are
/// remapped by feature name; every other tensor is copied bit for bit. Positions of new features
/// are drawn from a seeded truncated normal (see <see cref="WarmStartRules"/>).
/// </summary>
public static class WarmStartRewriter
{
    /// <summary>Name of the checkpoint file in a model folder.</summary>
    public const string CheckpointFileName = "model.safetensors";

    /// <summary>Name of the resolved spec in a model folder.</summary>
    public const string SpecFileName = "spec.json";

    /// <summary>
    /// Reads <c>model.safetensors</c> from <paramref name="oldModelDirectory"/> and writes a new
    /// model folder with the rewritten <c>model.safetensors</c>, <c>spec.json</c> of
    /// <paramref name="newDefinition"/>, and the report as <c>warm-start-report.json</c> and
    /// <c>warm-start-report.txt</c>. The old folder is only read. The new folder appears complete
    /// or not at all, even when the process is killed; a killed run can leave a hidden temporary
    /// sibling <c>.NAME.tmp-*</c>, which the next run into the same folder deletes.
    /// </summary>
    /// <exception cref="WarmStartException">
    /// The old checkpoint is missing or invalid, differs from the new model in more than the
    /// feature lists, the output is the old folder or inside it, the output exists without
    /// <see cref="WarmStartOptions.Overwrite"/>, or writing failed.
    /// </exception>
    public static WarmStartReport Rewrite(string oldModelDirectory, string newModelDirectory, IModelDefinition newDefinition, WarmStartOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldModelDirectory);
        ArgumentException.ThrowIfNullOrEmpty(newModelDirectory);
        ArgumentNullException.ThrowIfNull(newDefinition);
        ArgumentNullException.ThrowIfNull(options);

        string oldDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(oldModelDirectory));
        string newDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(newModelDirectory));
        ThrowIfOverlapping(oldDirectory, newDirectory);
        if (Directory.Exists(newDirectory) && !options.Overwrite)
        {
            throw ModelFolderPublisher.OutputExists(newDirectory);
        }

        Checkpoint old = LoadOld(oldDirectory);
        Checkpoint rewritten = CheckpointRemapper.Remap(old, newDefinition, options.Seed, $"the checkpoint in '{oldDirectory}'", out WarmStartReport report);
        report = report with { OldModelDirectory = oldDirectory, NewModelDirectory = newDirectory };

        var publisher = new ModelFolderPublisher(newDirectory);
        try
        {
            publisher.DeleteStaleTemporaryDirectories();
            publisher.CreateTemporaryDirectory();
            CheckpointFile.Save(Path.Combine(publisher.TemporaryDirectory, CheckpointFileName), rewritten);
            publisher.WriteText(SpecFileName, newDefinition.SpecJson);
            publisher.WriteText(WarmStartReport.JsonFileName, report.ToJson());
            publisher.WriteText(WarmStartReport.TextFileName, report.ToText());
            string? backup = publisher.Publish(options.Overwrite);
            return report with { BackupDirectory = backup };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            publisher.Abandon();
            throw new WarmStartException(
                $"Failed to write the warm-started model folder '{newDirectory}': {exception.Message} The old folder '{oldDirectory}' is unchanged; check that the output's parent folder is writable and has free space.",
                exception);
        }
        catch
        {
            publisher.Abandon();
            throw;
        }
    }

    /// <summary>
    /// Rewrites <paramref name="old"/> for <paramref name="newDefinition"/> in memory. Tensors
    /// copied unchanged share their arrays with <paramref name="old"/>. The new metadata has the
    /// new feature lists, spec hash and model name, step 0, and the warm-start keys of
    /// <see cref="WarmStartMetadata"/>.
    /// </summary>
    /// <exception cref="WarmStartException">The old checkpoint's metadata is invalid or it differs from the new model in more than the feature lists.</exception>
    public static Checkpoint Rewrite(Checkpoint old, IModelDefinition newDefinition, int seed, out WarmStartReport report) =>
        CheckpointRemapper.Remap(old, newDefinition, seed, "the old checkpoint", out report);

    private static void ThrowIfOverlapping(string oldDirectory, string newDirectory)
    {
        // Paths are compared as text; a symbolic link to the old folder is not detected.
        StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(oldDirectory, newDirectory, comparison))
        {
            throw new WarmStartException($"The output folder '{newDirectory}' is the old model folder. A warm start never modifies the old folder; choose a different output folder.");
        }

        if (IsInside(newDirectory, oldDirectory, comparison))
        {
            throw new WarmStartException($"The output folder '{newDirectory}' is inside the old model folder '{oldDirectory}'. A warm start never modifies the old folder; choose an output folder outside it.");
        }

        if (IsInside(oldDirectory, newDirectory, comparison))
        {
            throw new WarmStartException($"The old model folder '{oldDirectory}' is inside the output folder '{newDirectory}', which overwriting would move. Choose an output folder that does not contain the old one.");
        }
    }

    private static bool IsInside(string path, string folder, StringComparison comparison) =>
        path.StartsWith(folder + Path.DirectorySeparatorChar, comparison);

    private static Checkpoint LoadOld(string oldDirectory)
    {
        if (!Directory.Exists(oldDirectory))
        {
            throw new WarmStartException($"Old model folder '{oldDirectory}' does not exist. Pass the folder that contains the trained model.safetensors.");
        }

        string path = Path.Combine(oldDirectory, CheckpointFileName);
        try
        {
            return CheckpointFile.Load(path);
        }
        catch (FileNotFoundException exception)
        {
            throw new WarmStartException($"Old model folder '{oldDirectory}' has no {CheckpointFileName}. Pass the folder of a trained model.", exception);
        }
        catch (CheckpointException exception)
        {
            throw new WarmStartException($"The checkpoint in old model folder '{oldDirectory}' is invalid, so it cannot be warm started from: {exception.Message}", exception);
        }
        catch (IOException exception)
        {
            throw new WarmStartException($"Failed to read the checkpoint in old model folder '{oldDirectory}': {exception.Message}", exception);
        }
    }
}
