using System.CommandLine;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.WarmStart;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace HeavyRanker.Cli.Commands;

/// <summary>The <c>warm-start</c> command.</summary>
internal static class WarmStartCommand
{
    public static Command Create<TRecord>(IRankerModel<TRecord> model, RankerCli.Invocation invocation)
    {
        var from = CliOptions.RequiredPath("--from", "DIR", "Model folder of the old model (read only; its checkpoint metadata carries the old feature lists).");
        var output = CliOptions.RequiredPath("--out", "DIR", "Model folder to create for this program's spec: model.safetensors, spec.json and the warm-start report.");
        var seed = new Option<int>("--seed")
        {
            HelpName = "N",
            Description = "Seed of the truncated-normal draws for positions of new features (an integer); it is stored in the new checkpoint.",
            DefaultValueFactory = _ => 0,
        };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Replace an existing --out folder; its old content is renamed to NAME.backup-UTCTIME beside it, never deleted.",
        };

        var command = new Command(
            "warm-start",
            $"Rewrite an old model's checkpoint for the {model.Definition.Name} spec compiled into this program: tensors indexed by feature are remapped by name, new positions drawn at random.")
        {
            from, output, seed, overwrite,
        };
        command.SetAction(parseResult => invocation.Run(parseResult, context =>
        {
            ILogger logger = context.LoggerFactory.CreateLogger("warm-start");
            string fromDirectory = parseResult.GetRequiredValue(from);
            ModelFolder.CheckpointPath(fromDirectory);
            var options = new WarmStartOptions { Seed = parseResult.GetValue(seed), Overwrite = parseResult.GetValue(overwrite) };
            WarmStartReport report = WarmStartRewriter.Rewrite(fromDirectory, parseResult.GetRequiredValue(output), model.Definition, options);
            context.Console.WriteLine(report.ToText());
            logger.LogInformation("Wrote {Folder}; continue with train --warm-start-from {Folder} or train --warm-start-from {Old}.", report.NewModelDirectory, report.NewModelDirectory, fromDirectory);
            return ExitCodes.Success;
        }));
        return command;
    }
}
