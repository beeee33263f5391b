using System.CommandLine;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.Onnx;
using Microsoft.Extensions.Logging;

namespace HeavyRanker.Cli.Commands;

/// <summary>The <c>export</c> command.</summary>
internal static class ExportCommand
{
    public static Command Create<TRecord>(IRankerModel<TRecord> model, RankerCli.Invocation invocation)
    {
        var modelDirectory = CliOptions.RequiredPath("--model", "DIR", "Model folder written by train (reads its model.safetensors).");
        var output = CliOptions.RequiredPath("--out", "FILE", "ONNX file to write (opset 17, dynamic batch dimension). Replaced atomically.");
        var command = new Command("export", "Write the model as ONNX: inputs continuous, binary and padded <group>_keys/<group>_values; outputs probabilities and score.")
        {
            modelDirectory, output,
        };
        command.SetAction(parseResult => invocation.Run(parseResult, context =>
        {
            string checkpointPath = ModelFolder.CheckpointPath(parseResult.GetRequiredValue(modelDirectory));
            string outputPath = parseResult.GetRequiredValue(output);
            Checkpoint checkpoint = CheckpointFile.Load(checkpointPath, model.Definition);
            OnnxExporter.Export(model.Definition, checkpoint, outputPath);
            context.LoggerFactory.CreateLogger("export").LogInformation("Exported {Checkpoint} to {Output}.", checkpointPath, outputPath);
            return ExitCodes.Success;
        }));
        return command;
    }
}
