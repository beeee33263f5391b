using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Parsing;

/// <summary>Reads the <c>training</c> section. The trainer uses these values, and the build checks them so a typo fails early.</summary>
internal static class TrainingParser
{
    public static readonly string[] Optimizers = { "sgd", "adam" };

    public static readonly string[] EarlyStoppingMetrics = { "pr_auc", "roc_auc" };

    private static readonly string[] TrainingKeys = { "optimizer", "learning_rate", "batch_size", "epochs", "evaluation_interval", "early_stopping", "seed" };
    private static readonly string[] EarlyStoppingKeys = { "metric", "patience", "tolerance" };

    public static TrainingSpec Parse(MappingReader spec)
    {
        TrainingSpec defaults = SpecDefaults.Training;
        MappingReader? training = spec.OpenMapping("training", TrainingKeys);
        if (training is null)
        {
            return defaults;
        }

        string optimizer = training.ReadChoice("optimizer", defaults.Optimizer, Optimizers);
        double learningRate = training.ReadNumber("learning_rate", defaults.LearningRate, 0, exclusive: true);
        int batchSize = training.ReadInteger("batch_size", defaults.BatchSize, SpecDefaults.MinBatchSize, SpecDefaults.MaxBatchSize);
        int epochs = training.ReadInteger("epochs", defaults.Epochs, 1, int.MaxValue);
        int evaluationInterval = training.ReadInteger("evaluation_interval", defaults.EvaluationInterval, 1, int.MaxValue);
        int seed = training.ReadInteger("seed", defaults.Seed, int.MinValue, int.MaxValue);

        string metric = defaults.EarlyStoppingMetric;
        int patience = defaults.Patience;
        double tolerance = defaults.Tolerance;
        MappingReader? earlyStopping = training.OpenMapping("early_stopping", EarlyStoppingKeys);
        if (earlyStopping is not null)
        {
            metric = earlyStopping.ReadChoice("metric", metric, EarlyStoppingMetrics);
            patience = earlyStopping.ReadInteger("patience", patience, 0, int.MaxValue);
            tolerance = earlyStopping.ReadNumber("tolerance", tolerance, 0, exclusive: false);
        }

        return new TrainingSpec(optimizer, learningRate, batchSize, epochs, evaluationInterval, metric, patience, tolerance, seed);
    }
}
