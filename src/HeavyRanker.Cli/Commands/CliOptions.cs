using System.CommandLine;
using System.CommandLine.Parsing;

namespace HeavyRanker.Cli.Commands;

/// <summary>Option factories shared by the commands.</summary>
internal static class CliOptions
{
    /// <summary>Creates an option whose value must be at least <paramref name="minimum"/>.</summary>
    public static Option<T?> AtLeast<T>(string name, string helpName, string description, T minimum)
        where T : struct, IComparable<T>
    {
        var option = new Option<T?>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out T? value) && value is T actual && actual.CompareTo(minimum) < 0)
            {
                result.AddError($"{name} must be at least {minimum}, but is {actual}.");
            }
        });
        return option;
    }

    /// <summary>
    /// Reads an option's value in a validator. Validators also run when the text could not be
    /// converted, which the parser reports as its own error, so this returns false then.
    /// </summary>
    public static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>Creates a required path option.</summary>
    public static Option<string> RequiredPath(string name, string helpName, string description) =>
        new(name) { Description = description, Required = true, HelpName = helpName };

    /// <summary>Creates the <c>--overwrite</c> flag.</summary>
    public static Option<bool> Overwrite(string target) =>
        new("--overwrite") { Description = $"Replace an existing {target}. Without it, an existing non-empty output is an error." };
}
