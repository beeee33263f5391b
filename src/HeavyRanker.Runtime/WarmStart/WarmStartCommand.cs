using System.Globalization;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// The <c>warm-start</c> command without a command-line library, so a consumer's Program.cs or
/// the CLI can call it with its compiled definition:
/// <c>warm-start --from OLD_MODEL_DIR --out NEW_MODEL_DIR [--seed N] [--overwrite]</c>.
/// </summary>
public static class WarmStartCommand
{
    /// <summary>Exit code of a completed warm start.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a rejected or failed warm start.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of invalid arguments.</summary>
    public const int InvalidArguments = 2;

    /// <summary>Help text of the command's options.</summary>
    public const string Usage =
        "Usage: warm-start --from OLD_MODEL_DIR --out NEW_MODEL_DIR [--seed N] [--overwrite]\n" +
        "  --from        folder of the trained model whose weights are reused (only read)\n" +
        "  --out         folder to create with the rewritten model.safetensors, spec.json and warm-start report\n" +
        "  --seed        integer seed of the draws for new features' weights (default 0)\n" +
        "  --overwrite   replace an existing output folder after moving it to NAME.backup-<UTC time>\n";

    /// <summary>
    /// Parses <paramref name="arguments"/> (the options after the command name), runs the warm
    /// start for <paramref name="newDefinition"/>, writes the text report to
    /// <paramref name="output"/> and errors to <paramref name="error"/>, and returns the exit code.
    /// </summary>
    public static int Run(IModelDefinition newDefinition, IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(newDefinition);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        if (!TryParse(arguments, out string? from, out string? to, out WarmStartOptions options, out string? problem))
        {
            error.WriteLine($"warm-start: {problem}");
            error.Write(Usage);
            return InvalidArguments;
        }

        try
        {
            WarmStartReport report = WarmStartRewriter.Rewrite(from, to, newDefinition, options);
            output.Write(report.ToText());
            return Success;
        }
        catch (WarmStartException exception)
        {
            error.WriteLine($"warm-start failed: {exception.Message}");
            return Failed;
        }
    }

    private static bool TryParse(
        IReadOnlyList<string> arguments,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? from,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? to,
        out WarmStartOptions options,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        from = null;
        to = null;
        options = new WarmStartOptions();
        problem = null;
        for (int i = 0; i < arguments.Count; i++)
        {
            string name = arguments[i];
            if (name == "--overwrite")
            {
                options = options with { Overwrite = true };
                continue;
            }

            if (name is not ("--from" or "--out" or "--seed"))
            {
                problem = $"unknown option '{name}'.";
                return false;
            }

            if (i + 1 >= arguments.Count)
            {
                problem = $"option '{name}' needs a value.";
                return false;
            }

            string value = arguments[++i];
            if (name == "--from")
            {
                from = value;
            }
            else if (name == "--out")
            {
                to = value;
            }
            else if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed))
            {
                options = options with { Seed = seed };
            }
            else
            {
                problem = $"--seed '{value}' is not an integer from {int.MinValue} to {int.MaxValue}.";
                return false;
            }
        }

        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            problem = string.IsNullOrEmpty(from) ? "option '--from' is missing." : "option '--out' is missing.";
            return false;
        }

        return true;
    }
}
