using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Metrics;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Native;
using HeavyRanker.Training.Network;
using Xunit.Abstractions;

namespace HeavyRanker.Training.Tests.Training;

public sealed class SyntheticTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hr-synthetic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void ReachesOptimumRocAuc()
    {
        TorchRuntime.EnsureLoaded();
        var definition = new TestDefinition(
            continuousCount: 4,
            binaryCount: 1,
            sparseNotContinuous: false,
            sparseContinuous: false,
            taskCount: 1,
            blocks: new[] { new BlockDefinition(16, 3, 2, 1, "relu", false) },
            training: new TrainingDefinition("sgd", 0.1, 32, 4, 50, "pr_auc", 4, 0.0, 3));
        (InMemoryTrainingData training, _) = Generate(definition, 6000, seed: 1);
        (InMemoryTrainingData validation, _) = Generate(definition, 2000, seed: 2);
        (InMemoryTrainingData test, float[] truth) = Generate(definition, 4000, seed: 3);
        using var network = new ClemNetNetwork(definition);

        new Trainer(network, new TrainerOptions { CheckpointDirectory = _folder }).Train(training, validation);

        float[] labels = new float[test.Count];
        FeatureBatch batch = FeatureBatch.For(definition, test.Count);
        test.Fill(Enumerable.Range(0, test.Count).ToArray(), batch, labels, new float[test.Count]);
        using NetworkOutput scored = network.Predict(batch);
        float[] predictions = scored.Probabilities.select(1, 0).contiguous().data<float>().ToArray();
        double optimum = ExactRocAuc(truth, labels);
        double achieved = ExactRocAuc(predictions, labels);
        output.WriteLine($"ROC-AUC {achieved:F4}, optimum {optimum:F4}, ratio {achieved / optimum:F4}");

        Assert.True(optimum > 0.75, $"the ground truth is too weak to test anything: ROC-AUC {optimum:F4}");
        Assert.True(achieved >= 0.97 * optimum, $"ROC-AUC {achieved:F4} is below 0.97 × the optimum {optimum:F4}");
    }

    private static double ExactRocAuc(float[] predictions, float[] labels)
    {
        var accumulator = new TaskMetricsAccumulator("open");
        accumulator.Add(labels, predictions);
        return accumulator.Compute().Unweighted.ExactRocAuc;
    }

    /// <summary>
    /// Draws records with continuous features from N(0, 2²), a binary feature that is 1 with
    /// probability 0.5, and a label from the logistic ground truth
    /// p = σ(1.5·x0 − 2·x1 + x2 + b − 0.5); x3 is noise.
    /// </summary>
    private static (InMemoryTrainingData Data, float[] Truth) Generate(IModelDefinition definition, int count, int seed)
    {
        var random = new Random(seed);
        var batch = FeatureBatch.For(definition, count);
        batch.Reset(count);
        float[] labels = new float[count];
        float[] truth = new float[count];
        for (int row = 0; row < count; row++)
        {
            Span<float> continuous = batch.ContinuousRow(row);
            for (int index = 0; index < continuous.Length; index++)
            {
                continuous[index] = (float)(2 * Gaussian(random));
            }

            float binary = random.Next(2);
            batch.BinaryRow(row)[0] = binary;
            double logit = 1.5 * continuous[0] - 2 * continuous[1] + continuous[2] + binary - 0.5;
            truth[row] = (float)(1 / (1 + Math.Exp(-logit)));
            labels[row] = random.NextDouble() < truth[row] ? 1 : 0;
            batch.SparseNotContinuous.EndRow();
            batch.SparseContinuous.EndRow();
        }

        return (new InMemoryTrainingData(batch, labels, 1), truth);
    }

    private static double Gaussian(Random random)
    {
        double u = 1 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
