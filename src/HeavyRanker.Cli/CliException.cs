namespace HeavyRanker.Cli;

/// <summary>
/// Invalid input that the CLI detects itself, such as an existing output folder or a model folder
/// without a checkpoint. The message is shown as it is, and the process exits with
/// <see cref="ExitCodes.BadInput"/>.
/// </summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception with a message that names the value and the fix.</summary>
    public CliException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
