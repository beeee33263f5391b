using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Native;
using HeavyRanker.Training.Network;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Training;

public sealed class TrainerRecalibrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hr-recalibration-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void ShortRunCalibratesOnlyWithRecalibration()
    {
        TorchRuntime.EnsureLoaded();
        TestDefinition definition = CalibrationDefinition();
        (InMemoryTrainingData training, float labelRate) = Generate(definition, 2000, seed: 1);
        (InMemoryTrainingData validation, _) = Generate(definition, 500, seed: 2);

        using var plain = new ClemNetNetwork(definition);
        var plainLog = new ListLogger();
        new Trainer(plain, Options("plain", batches: 0), plainLog).Train(training, validation);
        double plainMean = MeanProbability(plain, training);

        using var recalibrated = new ClemNetNetwork(definition);
        var recalibratedLog = new ListLogger();
        TrainingResult result = new Trainer(recalibrated, Options("recalibrated", batches: 100), recalibratedLog).Train(training, validation);
        double recalibratedMean = MeanProbability(recalibrated, training);
        output.WriteLine($"{result.Steps} steps: label rate {labelRate:F4}, mean probability {plainMean:F4} without and {recalibratedMean:F4} with recalibration");

        Assert.True(Math.Abs(plainMean - labelRate) > 0.15, $"without recalibration the mean probability {plainMean:F4} is already close to the label rate {labelRate:F4}; the test needs a miscalibrated short run");
        Assert.True(Math.Abs(recalibratedMean - labelRate) < 0.04, $"after recalibration the mean probability {recalibratedMean:F4} is not within 0.04 of the label rate {labelRate:F4}");
        Assert.Contains(plainLog.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("RecalibrateBatchNormBatches", StringComparison.Ordinal));
        Assert.DoesNotContain(recalibratedLog.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains(recalibratedLog.Entries, entry => entry.Message.StartsWith("Recalibrated the statistics of 5 batch-norm layers over 32 training batches (2000 records)", StringComparison.Ordinal));
    }

    [Fact]
    public void RewritesBestCheckpoint()
    {
        TorchRuntime.EnsureLoaded();
        TestDefinition definition = TrainerTests.Tiny(batchSize: 8, epochs: 1, evaluationInterval: 100);
        InMemoryTrainingData data = TestData.RandomData(definition, 40, seed: 3);
        using var network = new ClemNetNetwork(definition);

        TrainingResult result = new Trainer(network, Options("best", batches: 3)).Train(data, data);

        Checkpoint best = CheckpointFile.Load(result.BestCheckpointPath!);
        Assert.Equal("3", best.Metadata["trainer.batch_norm_recalibration_batches"]);
        Assert.Equal("5", best.Metadata["step"]);
        foreach (CheckpointTensor stored in best.Tensors)
        {
            Assert.Equal(stored.Data, network.state_dict()[stored.Name].contiguous().data<float>().ToArray());
        }

        // Recalibrating the same batches again reproduces the same statistics.
        using var reloaded = new ClemNetNetwork(definition);
        TrainingResult again = new Trainer(reloaded, Options("best", batches: 3) with { Resume = true, MaxSteps = 5 }).Train(data, data);
        Assert.Equal(5, again.Steps);
        foreach (CheckpointTensor stored in best.Tensors)
        {
            Assert.Equal(stored.Data, reloaded.state_dict()[stored.Name].contiguous().data<float>().ToArray());
        }
    }

    [Fact]
    public void RejectsNegativeBatchCount()
    {
        TorchRuntime.EnsureLoaded();
        using var network = new ClemNetNetwork(TrainerTests.Tiny(batchSize: 8, epochs: 1, evaluationInterval: 100));

        var exception = Assert.Throws<ArgumentException>(() => new Trainer(network, Options("negative", batches: -1)));

        Assert.Contains("-1", exception.Message);
    }

    private TrainerOptions Options(string name, int batches) => new()
    {
        CheckpointDirectory = Path.Combine(_folder, name),
        RecalibrateBatchNormBatches = batches,
    };

    private static double MeanProbability(ClemNetNetwork network, InMemoryTrainingData data)
    {
        FeatureBatch batch = FeatureBatch.For(network.Definition, data.Count);
        data.Fill(Enumerable.Range(0, data.Count).ToArray(), batch, new float[data.Count * data.TaskCount], new float[data.Count]);
        network.eval();
        using NetworkOutput scored = network.Predict(batch);
        return scored.Probabilities.select(1, 0).mean().item<float>();
    }

    private static TestDefinition CalibrationDefinition() => new(
        continuousCount: 4,
        binaryCount: 1,
        sparseNotContinuous: false,
        sparseContinuous: false,
        taskCount: 1,
        blocks: new[] { new BlockDefinition(16, 3, 2, 1, "relu", false), new BlockDefinition(8, 3, 2, 1, "relu", false) },
        training: new TrainingDefinition("sgd", 0.1, 64, 1, 1000, "pr_auc", 4, 0.0, 3));

    /// <summary>
    /// Draws records with continuous features from N(20, 8²), far from the initial moving mean
    /// 0 even after the log transform, a binary feature that is 1 with probability 0.5, and a
    /// label from p = σ(1.5·z0 − 2·z1 + b − 4) with z = (x − 20) / 8, a label rate of about 13%.
    /// </summary>
    private static (InMemoryTrainingData Data, float LabelRate) Generate(IModelDefinition definition, int count, int seed)
    {
        var random = new Random(seed);
        var batch = FeatureBatch.For(definition, count);
        batch.Reset(count);
        float[] labels = new float[count];
        for (int row = 0; row < count; row++)
        {
            Span<float> continuous = batch.ContinuousRow(row);
            for (int index = 0; index < continuous.Length; index++)
            {
                continuous[index] = (float)(20 + 8 * Gaussian(random));
            }

            float binary = random.Next(2);
            batch.BinaryRow(row)[0] = binary;
            double logit = 1.5 * (continuous[0] - 20) / 8 - 2 * (continuous[1] - 20) / 8 + binary - 4;
            labels[row] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            batch.SparseNotContinuous.EndRow();
            batch.SparseContinuous.EndRow();
        }

        return (new InMemoryTrainingData(batch, labels, 1), labels.Average());
    }

    private sealed class ListLogger : ILogger<Trainer>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    private static double Gaussian(Random random)
    {
        double u = 1 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
