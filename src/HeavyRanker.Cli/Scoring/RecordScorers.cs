using HeavyRanker.Runtime.Models;
using HeavyRanker.Training;

namespace HeavyRanker.Cli.Scoring;

/// <summary>Opens the scorer that <c>eval</c> and <c>score</c> use for a model folder.</summary>
internal static class RecordScorers
{
    /// <summary>
    /// Loads <c>model.safetensors</c> of <paramref name="modelDirectory"/>, validated against the
    /// compiled spec, and returns a scorer over it.
    /// </summary>
    /// <exception cref="CliException">The folder or its checkpoint does not exist.</exception>
    /// <exception cref="Runtime.Checkpoints.CheckpointException">The checkpoint is malformed or belongs to another spec.</exception>
    public static IRecordScorer<TRecord> Open<TRecord>(string modelDirectory, IRankerModel<TRecord> model)
    {
        string checkpointPath = ModelFolder.CheckpointPath(modelDirectory);
        var network = new ClemNetNetwork(model.Definition);
        try
        {
            network.Load(checkpointPath);
            return new TorchRecordScorer<TRecord>(network, model.FeatureExtractor, ownsNetwork: true);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
