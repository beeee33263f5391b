using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// Reads and writes <c>model.safetensors</c> files of float32 tensors without TorchSharp.
/// </summary>
public static class CheckpointFile
{
    /// <summary>
    /// Saves <paramref name="checkpoint"/> to <paramref name="path"/> atomically: the file is written
    /// to a temporary file in the same folder, flushed to disk, then renamed over the target. On any
    /// failure the existing file is left unchanged and the temporary file is deleted.
    /// </summary>
    /// <exception cref="IOException">The folder is missing or not writable, the disk is full, or the rename failed.</exception>
    /// <exception cref="PlatformNotSupportedException">The host is big-endian.</exception>
    /// <exception cref="ArgumentException">The header would exceed the 100,000,000-byte safetensors limit; nothing is written then.</exception>
    public static void Save(string path, Checkpoint checkpoint) => Save(path, checkpoint, afterTensorWritten: null);

    /// <summary>Reads a checkpoint and validates its structure (header, dtypes, shapes and byte ranges).</summary>
    /// <exception cref="CheckpointException">The file is not a valid float32 safetensors file.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/>.</exception>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SafetensorsReader.Read(path);
    }

    /// <summary>
    /// Reads a checkpoint and validates it against <paramref name="definition"/>: the format tag,
    /// the continuous and binary feature lists, and every tensor's presence and shape. The spec
    /// hash is not compared, because settings such as the learning rate change it without
    /// changing any tensor.
    /// </summary>
    /// <exception cref="CheckpointException">The file is malformed or belongs to a different model.</exception>
    public static Checkpoint Load(string path, IModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Checkpoint checkpoint = Load(path);
        CheckpointValidator.Validate(path, checkpoint, definition);
        return checkpoint;
    }

    /// <summary>Saves like <see cref="Save(string, Checkpoint)"/>; tests pass a hook that runs after each tensor is written.</summary>
    internal static void Save(string path, Checkpoint checkpoint, Action<string>? afterTensorWritten)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        SafetensorsFormat.EnsureLittleEndian();

        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"Checkpoint path '{path}' has no folder.", nameof(path));
        byte[] header = SafetensorsWriter.BuildHeader(checkpoint);
        if (header.Length > SafetensorsFormat.MaxHeaderLength)
        {
            throw new ArgumentException(
                $"The checkpoint header would be {header.Length} bytes, over the {SafetensorsFormat.MaxHeaderLength}-byte limit that safetensors readers enforce. Use fewer tensors or shorter names and metadata.",
                nameof(checkpoint));
        }
        string temporaryPath = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                SafetensorsWriter.Write(stream, checkpoint, header, afterTensorWritten);
                stream.Flush(flushToDisk: true);
            }

            // NOTE: the folder itself is not fsynced after the rename (.NET has no API for it), so a
            // power loss just after Save can leave the previous file in place, never a partial one.
            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporaryPath);
            throw new IOException(
                $"Failed to save checkpoint '{path}': {exception.Message} Any existing file at that path is unchanged; check that the folder exists, is writable and has free space.",
                exception);
        }
        catch
        {
            DeleteQuietly(temporaryPath);
            throw;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The save already failed, and that error is the one to report. A leftover temporary
            // file is named after the target with a .tmp suffix and can be removed by hand.
        }
    }
}
