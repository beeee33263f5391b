using System.CommandLine;
using HeavyRanker.Cli.Benchmarks;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Cli.Commands;

/// <summary>The <c>bench</c> command.</summary>
internal static class BenchCommand
{
    public static Command Create<TRecord>(IRankerModel<TRecord> model, RankerCli.Invocation invocation)
    {
        var modelDirectory = new Option<string?>("--model")
        {
            HelpName = "DIR",
            Description = "Model folder whose model.safetensors to benchmark; without it, random weights with random batch-norm statistics.",
        };
        var seconds = CliOptions.AtLeast("--seconds", "SECONDS", "Seconds spent on each measurement (default 1).", 0.05);
        var command = new Command(
            "bench",
            "Compare scorer, ONNX Runtime and TorchSharp inference throughput at batch 1, 64 and 256 on one thread and 256 on all cores, and the scorer's GFLOP/s with single-thread sgemm.")
        {
            modelDirectory, seconds,
        };
        command.SetAction(parseResult => invocation.Run(parseResult, context =>
        {
            string? directory = parseResult.GetValue(modelDirectory);
            Checkpoint checkpoint = directory is null
                ? BenchModel.RandomCheckpoint(model.Definition, seed: 1)
                : CheckpointFile.Load(ModelFolder.CheckpointPath(directory), model.Definition);
            InferenceBench.Run(model.Definition, checkpoint, parseResult.GetValue(seconds) ?? 1.0, context.Console.Profile.Out.Writer);
            return ExitCodes.Success;
        }));
        return command;
    }
}
