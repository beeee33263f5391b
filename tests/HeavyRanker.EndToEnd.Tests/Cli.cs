using AliExpressRanker.Model;
using HeavyRanker.Cli;

namespace HeavyRanker.EndToEnd.Tests;

/// <summary>The outcome of one in-process CLI run.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs the AliExpressRanker CLI in-process with captured output.</summary>
internal static class Cli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await RankerCli.RunAsync(args, AliExpressRankerModel.Instance, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
