using System.CommandLine;

namespace HeavyRanker.Cli.Commands;

/// <summary>Option factories shared by the commands.</summary>
internal static class CliOptions
{
    /// <summary>Creates an option whose value must be at least <paramref name="minimum"/>.</summary>
    public static Option<T?> AtLeast<T>(string name, string description, T minimum)
        where T : struct, IComparable<T>
    {
        var option = new Option<T?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            T? value = result.GetValueOrDefault<T?>();
            if (value is T actual && actual.CompareTo(minimum) < 0)
            {
                result.AddError($"{name} must be at least {minimum}, but is {actual}.");
            }
        });
        return option;
    }

    /// <summary>Creates a required path option.</summary>
    public static Option<string> RequiredPath(string name, string description) =>
        new(name) { Description = description, Required = true };

    /// <summary>Creates the <c>--overwrite</c> flag.</summary>
    public static Option<bool> Overwrite(string what) =>
        new("--overwrite") { Description = $"Replace an existing {what}. Without it, an existing non-empty output is an error." };
}
