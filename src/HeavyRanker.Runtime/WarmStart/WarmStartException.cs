namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// A warm start that was rejected or failed: the old checkpoint is invalid, differs from the new
/// model in more than the feature lists, or the output folder cannot be written. The message names
/// the folder or tensor at fault and what to do next. Nothing is left at the output path.
/// </summary>
public sealed class WarmStartException : Exception
{
    /// <summary>Creates an exception with a message and an optional cause.</summary>
    public WarmStartException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
