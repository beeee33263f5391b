namespace HeavyRanker.Cli;

/// <summary>Process exit codes of every command.</summary>
public static class ExitCodes
{
    /// <summary>The command finished.</summary>
    public const int Success = 0;

    /// <summary>
    /// The input was invalid: a data file, checkpoint or model folder that cannot be read or does
    /// not match the compiled spec, a missing file, or an output folder that already exists.
    /// </summary>
    public const int BadInput = 1;

    /// <summary>The command line itself was invalid: an unknown command or option, or a missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>The command was interrupted with Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
