namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// A checkpoint file that is malformed or does not match the model it is loaded for. The message
/// names the file, the tensor or byte offset at fault, and what to do next. It derives from
/// <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed.
/// </summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Creates an exception whose message starts with the file path.</summary>
    public CheckpointException(string path, string problem, string? tensorName = null, long? byteOffset = null, Exception? innerException = null)
        : base($"Invalid checkpoint '{path}': {problem}", innerException)
    {
        FilePath = path;
        Problem = problem;
        TensorName = tensorName;
        ByteOffset = byteOffset;
    }

    /// <summary>Path of the checkpoint file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file path.</summary>
    public string Problem { get; }

    /// <summary>Tensor at fault, or null when the problem is not tied to one tensor.</summary>
    public string? TensorName { get; }

    /// <summary>Byte offset from the start of the file where the problem was found, or null.</summary>
    public long? ByteOffset { get; }
}
