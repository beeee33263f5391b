using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Native;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hr-trainer-" + Guid.NewGuid().ToString("N"));

    public TrainerTests()
    {
        TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(5, 2, new[] { 2, 3 })]
    [InlineData(4, 2, new[] { 2, 2 })]
    [InlineData(7, 3, new[] { 3, 4 })]
    [InlineData(8, 3, new[] { 3, 3, 2 })]
    [InlineData(1, 4, new[] { 1 })]
    public void SplitMergesFinalSingleRecord(int count, int batchSize, int[] lengths)
    {
        var batches = Trainer.SplitIntoBatches(count, batchSize);

        Assert.Equal(lengths, batches.Select(batch => batch.Length).ToArray());
        Assert.Equal(count, batches.Sum(batch => batch.Length));
        Assert.Equal(0, batches[0].Start);
    }

    [Fact]
    public void TrainsWithFinalBatchOfOne()
    {
        var definition = Tiny(batchSize: 4, epochs: 1, evaluationInterval: 100);
        using var network = new ClemNetNetwork(definition);
        var data = TestData.RandomData(definition, 9, seed: 1);

        TrainingResult result = new Trainer(network, Options("single")).Train(data, data);

        Assert.Equal(2, result.Steps);
        Assert.True(File.Exists(result.BestCheckpointPath));
    }

    [Fact]
    public void SameSeedSameWeights()
    {
        var definition = Tiny(batchSize: 8, epochs: 2, evaluationInterval: 5);
        var data = TestData.RandomData(definition, 64, seed: 2);
        using var first = new ClemNetNetwork(definition);
        using var second = new ClemNetNetwork(definition);

        new Trainer(first, Options("first")).Train(data, data);
        new Trainer(second, Options("second")).Train(data, data);

        foreach ((string name, Tensor value) in first.state_dict())
        {
            Assert.True(value.equal(second.state_dict()[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void StopsEarlyAndKeepsBest()
    {
        // Labels carry no signal about the features, so the metric stops improving.
        var definition = Tiny(batchSize: 8, epochs: 50, evaluationInterval: 2, patience: 1, tolerance: 0.5);
        var data = TestData.RandomData(definition, 32, seed: 4);
        using var network = new ClemNetNetwork(definition);

        TrainingResult result = new Trainer(network, Options("early")).Train(data, data);

        Assert.True(result.StoppedEarly);
        Assert.Equal(2, result.BestStep);
        Assert.Equal(6, result.Steps);
        Checkpoint best = CheckpointFile.Load(result.BestCheckpointPath!);
        Assert.Equal("2", best.Metadata["step"]);
        foreach (CheckpointTensor stored in best.Tensors)
        {
            Assert.Equal(stored.Data, network.state_dict()[stored.Name].contiguous().data<float>().ToArray());
        }
    }

    [Fact]
    public void UndefinedMetricKeepsTrainingToLastStep()
    {
        // Patience 1 would stop after two evaluations if NaN counted as no improvement.
        var definition = Tiny(batchSize: 8, epochs: 5, evaluationInterval: 2, patience: 1);
        var training = TestData.RandomData(definition, 32, seed: 12);
        var validationBatch = TestData.RandomBatch(definition, 16, seed: 13);
        var validation = new InMemoryTrainingData(validationBatch, new float[16 * definition.Tasks.Count], definition.Tasks.Count);
        var logger = new ListLogger();
        using var network = new ClemNetNetwork(definition);

        TrainingResult result = new Trainer(network, Options("negatives"), logger).Train(training, validation);

        Assert.False(result.StoppedEarly);
        Assert.Equal(20, result.Steps);
        Assert.Equal(20, result.BestStep);
        Assert.True(double.IsNaN(result.BestMetric));
        Checkpoint best = CheckpointFile.Load(result.BestCheckpointPath!);
        Assert.Equal("20", best.Metadata["step"]);
        Checkpoint last = CheckpointFile.Load(Path.Combine(_folder, "negatives", Trainer.LastCheckpointFile));
        foreach (CheckpointTensor stored in last.Tensors)
        {
            Assert.Equal(stored.Data, network.state_dict()[stored.Name].contiguous().data<float>().ToArray());
        }

        List<string> undefined = logger.Warnings.Where(message => message.Contains("undefined (NaN)")).ToList();
        string warning = Assert.Single(undefined);
        Assert.Contains("'task0'", warning);
        Assert.Contains("0 positives", warning);
        Assert.Contains("--valid", warning);
        Assert.Contains("--validation-fraction", warning);
        Assert.Contains(logger.Warnings, message => message.Contains("the result is the last checkpoint (step 20)"));
    }

    [Fact]
    public void ResumeWithUndefinedMetricKeepsLast()
    {
        var definition = Tiny(batchSize: 8, epochs: 5, evaluationInterval: 2, patience: 1);
        var training = TestData.RandomData(definition, 32, seed: 15);
        var validationBatch = TestData.RandomBatch(definition, 16, seed: 16);
        var validation = new InMemoryTrainingData(validationBatch, new float[16 * definition.Tasks.Count], definition.Tasks.Count);
        using var first = new ClemNetNetwork(definition);
        new Trainer(first, Options("resume-negatives") with { MaxSteps = 6 }).Train(training, validation);

        using var resumed = new ClemNetNetwork(definition);
        TrainingResult result = new Trainer(resumed, Options("resume-negatives") with { Resume = true }).Train(training, validation);

        Assert.False(result.StoppedEarly);
        Assert.Equal(20, result.Steps);
        Assert.Equal(20, result.BestStep);
        Assert.True(double.IsNaN(result.BestMetric));
        Assert.Equal("20", CheckpointFile.Load(result.BestCheckpointPath!).Metadata["step"]);
    }

    [Fact]
    public void ResumeMatchesUninterruptedRun()
    {
        var definition = Tiny(batchSize: 8, epochs: 3, evaluationInterval: 3, patience: 100);
        var data = TestData.RandomData(definition, 40, seed: 5);
        using var uninterrupted = new ClemNetNetwork(definition);
        new Trainer(uninterrupted, Options("whole")).Train(data, data);

        using var interrupted = new ClemNetNetwork(definition);
        new Trainer(interrupted, Options("parts") with { MaxSteps = 7 }).Train(data, data);
        using var resumed = new ClemNetNetwork(definition, seed: 1234);
        TrainingResult result = new Trainer(resumed, Options("parts") with { Resume = true }).Train(data, data);

        Assert.Equal(15, result.Steps);
        Checkpoint whole = CheckpointFile.Load(Path.Combine(_folder, "whole", Trainer.LastCheckpointFile));
        Checkpoint parts = CheckpointFile.Load(Path.Combine(_folder, "parts", Trainer.LastCheckpointFile));
        Assert.Equal("15", parts.Metadata["step"]);
        foreach (CheckpointTensor tensor in whole.Tensors)
        {
            Assert.Equal(tensor.Data, parts[tensor.Name].Data);
        }
    }

    [Fact]
    public void ResumeAtEpochEndSkipsEvaluation()
    {
        var definition = Tiny(batchSize: 8, epochs: 2, evaluationInterval: 100, patience: 100);
        var data = TestData.RandomData(definition, 40, seed: 8);
        using var first = new ClemNetNetwork(definition);
        new Trainer(first, Options("boundary") with { MaxSteps = 5 }).Train(data, data);
        var evaluations = new List<long>();
        var progress = new SynchronousProgress(report =>
        {
            // A resumed run starts without a metric, so the first report that carries one is its first evaluation.
            if (report.Metric is not null)
            {
                evaluations.Add(report.Step);
            }
        });

        using var resumed = new ClemNetNetwork(definition);
        TrainingResult result = new Trainer(resumed, Options("boundary") with { Resume = true }, progress: progress).Train(data, data);

        Assert.Equal(10, result.Steps);
        Assert.Equal(10, evaluations.Min());
    }

    [Fact]
    public void ResumePastStepLimitTrainsNothing()
    {
        var definition = Tiny(batchSize: 8, epochs: 3, evaluationInterval: 100);
        var data = TestData.RandomData(definition, 40, seed: 9);
        using var first = new ClemNetNetwork(definition);
        new Trainer(first, Options("limit") with { MaxSteps = 4 }).Train(data, data);

        using var resumed = new ClemNetNetwork(definition);
        TrainingResult result = new Trainer(resumed, Options("limit") with { Resume = true, MaxSteps = 4 }).Train(data, data);

        Assert.Equal(4, result.Steps);
        Assert.Equal(4, result.BestStep);
    }

    [Fact]
    public void AdamTrainsSparseTablesWithSgd()
    {
        var definition = Tiny(batchSize: 8, epochs: 1, evaluationInterval: 100, sparse: true);
        var data = TestData.RandomData(definition, 32, seed: 6);
        using var network = new ClemNetNetwork(definition);

        var trainer = new Trainer(network, Options("adam") with { Optimizer = OptimizerKind.Adam });
        trainer.Train(data, data);

        Assert.Equal(OptimizerKind.Adam, trainer.Optimizer);
        Assert.NotEqual(0f, network.state_dict()["features.sparse_not_continuous.weight"].abs().sum().item<float>());
    }

    [Fact]
    public void RejectsTaskCountMismatch()
    {
        var definition = Tiny(batchSize: 4, epochs: 1, evaluationInterval: 10);
        using var network = new ClemNetNetwork(definition);
        var batch = TestData.RandomBatch(definition, 4, seed: 7);
        var data = new InMemoryTrainingData(batch, new float[4], 1);

        var exception = Assert.Throws<ArgumentException>(() => new Trainer(network, Options("tasks")).Train(data, data));

        Assert.Contains("tasks", exception.Message);
    }

    private TrainerOptions Options(string name) => new() { CheckpointDirectory = Path.Combine(_folder, name) };

    internal static TestDefinition Tiny(int batchSize, int epochs, int evaluationInterval, int patience = 3, double tolerance = 0, bool sparse = false) => new(
        continuousCount: 2,
        binaryCount: 2,
        sparseNotContinuous: sparse,
        sparseContinuous: sparse,
        sparseBits: 5,
        embeddingSize: 2,
        taskCount: 2,
        blocks: new[] { new BlockDefinition(4, 3, 2, 1, "relu", false) },
        training: new TrainingDefinition("sgd", 0.05, batchSize, epochs, evaluationInterval, "pr_auc", patience, tolerance, 11));


    private sealed class ListLogger : ILogger<Trainer>
    {
        public List<string> Warnings { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
