using System.Globalization;

namespace HeavyRanker.Cli;

/// <summary>
/// Builds an output folder in a hidden sibling <c>.NAME.tmp-GUID</c> and renames it into place
/// when complete, so the target either keeps its old content or gets every new file. With
/// overwrite, the old folder is first renamed to <c>NAME.backup-UTCTIME</c> and deleted only after
/// the new folder is in place.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    private readonly string _target;
    private bool _published;

    private OutputFolder(string target, string temporary)
    {
        _target = target;
        TemporaryDirectory = temporary;
    }

    /// <summary>Folder that receives the files until <see cref="Publish"/>.</summary>
    public string TemporaryDirectory { get; }

    /// <summary>Creates the temporary sibling of <paramref name="target"/>.</summary>
    /// <exception cref="CliException">The target exists and is not empty, and <paramref name="overwrite"/> is false.</exception>
    public static OutputFolder Create(string target, bool overwrite)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        CheckWritable(full, overwrite);
        string parent = Path.GetDirectoryName(full) ?? throw new CliException($"Output folder '{target}' has no parent folder; choose a folder below a root.");
        Directory.CreateDirectory(parent);
        string temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        return new OutputFolder(full, temporary);
    }

    /// <summary>Rejects an existing non-empty folder (or a file) at <paramref name="target"/> unless <paramref name="overwrite"/> is set.</summary>
    /// <exception cref="CliException">The target cannot be written.</exception>
    public static void CheckWritable(string target, bool overwrite)
    {
        if (File.Exists(target))
        {
            throw new CliException($"Output path '{target}' is a file; pass a folder path.");
        }

        if (!overwrite && Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new CliException($"Output folder '{target}' already exists and is not empty. Choose another folder, or pass --overwrite to replace it.");
        }
    }

    /// <summary>Renames the temporary folder to the target, replacing an existing one.</summary>
    public void Publish()
    {
        string? backup = null;
        if (Directory.Exists(_target))
        {
            string time = DateTime.UtcNow.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
            backup = $"{_target}.backup-{time}";
            Directory.Move(_target, backup);
        }

        Directory.Move(TemporaryDirectory, _target);
        _published = true;
        if (backup is not null)
        {
            Directory.Delete(backup, recursive: true);
        }
    }

    /// <summary>Deletes the temporary folder when the command failed before <see cref="Publish"/>.</summary>
    public void Dispose()
    {
        if (!_published && Directory.Exists(TemporaryDirectory))
        {
            try
            {
                Directory.Delete(TemporaryDirectory, recursive: true);
            }
            catch (IOException)
            {
                // NOTE: a leftover hidden .NAME.tmp-* folder is harmless; the next run creates a new one.
            }
        }
    }
}
