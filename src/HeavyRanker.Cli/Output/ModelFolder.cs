namespace HeavyRanker.Cli;

/// <summary>File names of a trained model folder and the checks that read it.</summary>
internal static class ModelFolder
{
    /// <summary>Every tensor of the best checkpoint.</summary>
    public const string CheckpointFile = "model.safetensors";

    /// <summary>The resolved spec the model was compiled from.</summary>
    public const string SpecFile = "spec.json";

    /// <summary>Validation metrics of the best checkpoint.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>Loss per step and the early-stopping metric per evaluation.</summary>
    public const string TrainingLogFile = "training-log.json";

    /// <summary>Folder of PNG plots.</summary>
    public const string ReportFolder = "report";

    /// <summary>Returns the checkpoint path of <paramref name="modelDirectory"/> after checking that it exists.</summary>
    /// <exception cref="CliException">The folder or the checkpoint is missing.</exception>
    public static string CheckpointPath(string modelDirectory)
    {
        if (!Directory.Exists(modelDirectory))
        {
            throw new CliException($"Model folder '{modelDirectory}' not found. Pass the --out folder of a train run.");
        }

        string path = Path.Combine(modelDirectory, CheckpointFile);
        if (!File.Exists(path))
        {
            throw new CliException($"Model folder '{modelDirectory}' has no {CheckpointFile}. Pass the --out folder of a train run.");
        }

        return path;
    }
}
