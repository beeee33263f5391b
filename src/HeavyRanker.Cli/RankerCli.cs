using System.CommandLine;
using System.Globalization;
using HeavyRanker.Cli.Commands;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Data;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.WarmStart;

namespace HeavyRanker.Cli;

/// <summary>
/// The command line of a compiled model: <c>train</c>, <c>eval</c>, <c>score</c>,
/// <c>generate</c>, <c>warm-start</c>, <c>export</c> and <c>bench</c>. A consumer project hosts it with one line:
/// <code>return await RankerCli.RunAsync(args, MyRankerModel.Instance);</code>
/// </summary>
public static class RankerCli
{
    /// <summary>Runs the command in <paramref name="args"/> against <paramref name="model"/> on the process console.</summary>
    /// <returns>An exit code of <see cref="ExitCodes"/>.</returns>
    public static Task<int> RunAsync<TRecord>(string[] args, IRankerModel<TRecord> model) =>
        RunAsync(args, model, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);

    /// <summary>
    /// Runs the command in <paramref name="args"/> with results and logs written to
    /// <paramref name="output"/> and the error line to <paramref name="error"/>; a live progress
    /// bar is drawn only when <paramref name="interactive"/> is true.
    /// </summary>
    /// <returns>An exit code of <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync<TRecord>(string[] args, IRankerModel<TRecord> model, TextWriter output, TextWriter error, bool interactive = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        // Numbers in logs, tables and written files use the invariant culture on every machine.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        var verbose = new Option<bool>("--verbose")
        {
            Description = "Log debug messages and print stack traces of errors.",
            Recursive = true,
        };
        var invocation = new Invocation(verbose, output, error, interactive);
        var root = new RootCommand($"Train, evaluate and score the {model.Definition.Name} model compiled from its .ranker.yaml spec.")
        {
            TrainCommand.Create(model, invocation),
            EvalCommand.Create(model, invocation),
            ScoreCommand.Create(model, invocation),
            GenerateCommand.Create(invocation),
            Commands.WarmStartCommand.Create(model, invocation),
            ExportCommand.Create(model, invocation),
            BenchCommand.Create(model, invocation),
        };
        root.Options.Add(verbose);

        ParseResult parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            string command = string.Join(' ', parseResult.CommandResult.Command.Name);
            await error.WriteLineAsync($"Run '{command} --help' for the options.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parseResult.InvokeAsync(configuration);
    }

    /// <summary>What every command's action needs to create its <see cref="CliContext"/> and map errors to exit codes.</summary>
    internal sealed class Invocation(Option<bool> verbose, TextWriter output, TextWriter error, bool interactive)
    {
        /// <summary>
        /// Runs <paramref name="body"/> and turns invalid input into one line on standard error and
        /// <see cref="ExitCodes.BadInput"/>; the stack trace follows only with <c>--verbose</c>.
        /// </summary>
        public int Run(ParseResult parseResult, Func<CliContext, int> body)
        {
            bool isVerbose = parseResult.GetValue(verbose);
            using var context = new CliContext(output, error, interactive, isVerbose);
            try
            {
                return body(context);
            }
            catch (Exception exception) when (IsBadInput(exception))
            {
                return Fail(context, exception.Message, exception);
            }
            catch (OperationCanceledException exception)
            {
                Fail(context, "Cancelled; nothing was written to the output.", exception);
                return ExitCodes.Cancelled;
            }
            catch (Exception exception)
            {
                return Fail(context, $"Failed with an unexpected {exception.GetType().Name}: {exception.Message}", exception);
            }
        }

        private static bool IsBadInput(Exception exception) => exception
            is DataFormatException
            or CheckpointException
            or WarmStartException
            or CliException
            or FileNotFoundException
            or DirectoryNotFoundException
            or UnauthorizedAccessException
            or InvalidDataException;

        private static int Fail(CliContext context, string message, Exception exception)
        {
            string line = message.ReplaceLineEndings(" ");
            context.Error.WriteLine($"error: {line}");
            if (context.Verbose)
            {
                context.Error.WriteLine(exception.ToString());
            }

            return ExitCodes.BadInput;
        }
    }
}
