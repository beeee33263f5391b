using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// Creates a model folder so that its path either does not exist or contains every file: files go
/// to a temporary sibling <c>.NAME.tmp-PID-RANDOM</c>, are flushed to disk, and the sibling is
/// renamed to <c>NAME</c>. POSIX makes a rename within one parent atomic.
/// NOTE: atomicity on Windows is not verified. An existing folder is first renamed to
/// <c>NAME.backup-UTCTIME</c>.
/// </summary>
internal sealed class ModelFolderPublisher
{
    private const string TemporaryMarker = ".tmp-";
    private const string BackupMarker = ".backup-";

    private readonly string _target;
    private readonly string _parent;
    private readonly string _name;

    public ModelFolderPublisher(string target)
    {
        _target = target;
        _parent = Path.GetDirectoryName(target) ?? throw new WarmStartException($"Output folder '{target}' has no parent folder; choose a folder below a root.");
        _name = Path.GetFileName(target);
        TemporaryDirectory = Path.Combine(_parent, $".{_name}{TemporaryMarker}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
    }

    /// <summary>The sibling folder that receives the files before <see cref="Publish"/>.</summary>
    public string TemporaryDirectory { get; }

    /// <summary>
    /// Deletes temporary siblings that an earlier, killed run into the same output left behind. A
    /// sibling whose process is still running is kept, so a concurrent rewrite keeps its files.
    /// </summary>
    public void DeleteStaleTemporaryDirectories()
    {
        if (!Directory.Exists(_parent))
        {
            return;
        }

        string prefix = $".{_name}{TemporaryMarker}";
        foreach (string directory in Directory.EnumerateDirectories(_parent, prefix + "*"))
        {
            string suffix = Path.GetFileName(directory)[prefix.Length..];
            int dash = suffix.IndexOf('-');
            if (dash > 0
                && int.TryParse(suffix[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
                && processId != Environment.ProcessId
                && IsRunning(processId))
            {
                continue;
            }

            DeleteQuietly(directory);
        }
    }

    /// <summary>Creates the temporary folder (and the parent folders of the target).</summary>
    public void CreateTemporaryDirectory()
    {
        Directory.CreateDirectory(_parent);
        Directory.CreateDirectory(TemporaryDirectory);
    }

    /// <summary>Writes a UTF-8 text file into the temporary folder and flushes it to disk.</summary>
    public void WriteText(string fileName, string text)
    {
        string path = Path.Combine(TemporaryDirectory, fileName);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Renames the temporary folder to the target. An existing target is an error unless
    /// <paramref name="overwrite"/> is set; then it is renamed to a backup first, whose path is returned.
    /// </summary>
    public string? Publish(bool overwrite)
    {
        FlushDirectory(TemporaryDirectory);
        string? backup = null;
        if (Directory.Exists(_target))
        {
            if (!overwrite)
            {
                throw OutputExists(_target);
            }

            // A kill between the two renames leaves the target absent and the backup complete.
            backup = ChooseBackupPath();
            Directory.Move(_target, backup);
        }
        else if (File.Exists(_target))
        {
            throw new WarmStartException($"Output path '{_target}' is a file, not a folder. Remove it or choose another output folder.");
        }

        Directory.Move(TemporaryDirectory, _target);
        FlushDirectory(_parent);
        return backup;
    }

    /// <summary>Deletes the temporary folder after a failure; errors are ignored because the original failure is the one to report.</summary>
    public void Abandon() => DeleteQuietly(TemporaryDirectory);

    /// <summary>Creates the error for an output folder that exists without the overwrite option.</summary>
    public static WarmStartException OutputExists(string target) =>
        new($"Output folder '{target}' already exists. Choose another folder, or pass the overwrite option (--overwrite) to move the existing content to a backup folder beside it first.");

    private string ChooseBackupPath()
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        string path = Path.Combine(_parent, $"{_name}{BackupMarker}{stamp}");
        for (int attempt = 2; Directory.Exists(path) || File.Exists(path); attempt++)
        {
            path = Path.Combine(_parent, $"{_name}{BackupMarker}{stamp}-{attempt.ToString(CultureInfo.InvariantCulture)}");
        }

        return path;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Another attempt happens on the next run; a leftover temporary folder never shadows the output.
        }
    }

    /// <summary>
    /// Flushes a folder's entries (new files, renames) to disk on Linux and macOS, where .NET has no
    /// API for it. Elsewhere this does nothing.
    /// </summary>
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        // NOTE: a failure here is ignored: the rename already happened, and only durability across
        // a power loss (not a process kill) depends on this flush.
        int descriptor = Posix.Open(directory, 0);
        if (descriptor < 0)
        {
            return;
        }

        _ = Posix.Fsync(descriptor);
        _ = Posix.Close(descriptor);
    }

    private static class Posix
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int descriptor);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int descriptor);
    }
}
