using HeavyRanker.Training.Native;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Training;

[CollectionDefinition(nameof(TrainerMemoryTests), DisableParallelization = true)]
public sealed class TrainerMemoryCollection
{
}

/// <summary>Counts live tensors, a process-wide number, so no other test may run at the same time.</summary>
[Collection(nameof(TrainerMemoryTests))]
public sealed class TrainerMemoryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hr-memory-" + Guid.NewGuid().ToString("N"));

    public TrainerMemoryTests() => TorchRuntime.EnsureLoaded();

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void LiveTensorCountStaysFlat()
    {
        var definition = TrainerTests.Tiny(batchSize: 4, epochs: 1, evaluationInterval: 500, patience: 1000);
        var data = TestData.RandomData(definition, 4000, seed: 3);
        using var network = new ClemNetNetwork(definition);
        var counts = new Dictionary<long, long>();
        var progress = new SynchronousProgress(report =>
        {
            // The first report of a step comes right after its optimizer step, before any evaluation.
            // Collecting first leaves out tensors that earlier tests dropped without disposing.
            if (report.Step is 10 or 1000 && !counts.ContainsKey(report.Step))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                counts[report.Step] = Tensor.TotalCount;
            }
        });

        new Trainer(network, new TrainerOptions { CheckpointDirectory = _folder, MaxSteps = 1000 }, progress: progress).Train(data, data);

        Assert.Equal(counts[10], counts[1000]);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
