using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.Inference;

namespace HeavyRanker.Cli.Scoring;

/// <summary>Opens the scorer that <c>eval</c> and <c>score</c> use for a model folder.</summary>
internal static class RecordScorers
{
    /// <summary>
    /// Loads <c>model.safetensors</c> of <paramref name="modelDirectory"/>, validated against the
    /// compiled spec, and returns a pure-C# scorer over it. The parity tests hold it to the
    /// TorchSharp network in evaluation mode within 1e-5 absolute plus 1e-4 relative.
    /// </summary>
    /// <exception cref="CliException">The folder or its checkpoint does not exist.</exception>
    /// <exception cref="Runtime.Checkpoints.CheckpointException">The checkpoint is malformed or belongs to another spec.</exception>
    public static IRecordScorer<TRecord> Open<TRecord>(string modelDirectory, IRankerModel<TRecord> model)
    {
        string checkpointPath = ModelFolder.CheckpointPath(modelDirectory);
        return new ClemNetRecordScorer<TRecord>(ClemNetScorer.Load(checkpointPath, model.Definition), model.FeatureExtractor);
    }
}
