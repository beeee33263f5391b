// Measures ClemNet training throughput on the CPU next to the bound that the model's FLOPs and
// the sgemm throughput measured in the same run give. Usage:
//   dotnet run -c Release --project benchmarks/HeavyRanker.Training.Benchmarks [-- threads steps]
using System.Diagnostics;
using System.Globalization;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Training;
using HeavyRanker.Training.Benchmarks;
using HeavyRanker.Training.Native;
using static TorchSharp.torch;

int threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
int steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
const int BatchSize = 256;
const int WarmupSteps = 5;
const int WindowSteps = 10;
const int SparseNotContinuousPerRecord = 20;
const int SparseContinuousPerRecord = 10;

if (threads < 1 || steps < WindowSteps)
{
    Console.Error.WriteLine($"Invalid arguments: threads must be at least 1 and steps at least {WindowSteps}, got {threads} and {steps}.");
    return 2;
}

TorchRuntime.EnsureLoaded();
set_num_threads(threads);
var definition = new ReferenceDefinition(continuousCount: 200, binaryCount: 100, sparseBits: 18, embeddingSize: 50, batchSize: BatchSize);

// On a shared machine other processes take CPU time in bursts. Both numbers are therefore
// best-of: sgemm is the fastest round, timed before and after training, and training
// throughput is that of the fastest window of WindowSteps consecutive steps.
double sgemmBefore = MeasureSgemm(definition, BatchSize);
(double measured, double average) = MeasureTraining(definition, BatchSize, steps);
double sgemmAfter = MeasureSgemm(definition, BatchSize);
double sgemm = Math.Max(sgemmBefore, sgemmAfter);
double trainingFlops = FlopCount.TrainingPerExample(definition, SparseNotContinuousPerRecord + SparseContinuousPerRecord);
double bound = sgemm / trainingFlops;

Console.WriteLine($"threads                          {threads}");
Console.WriteLine($"batch size                       {BatchSize}");
Console.WriteLine($"model input width F              {definition.InputWidth}");
Console.WriteLine($"training FLOPs per example       {trainingFlops / 1e6:F2} M (3 x forward)");
Console.WriteLine($"sgemm on the tower's shapes      {sgemm / 1e9:F1} GFLOP/s (before {sgemmBefore / 1e9:F1}, after {sgemmAfter / 1e9:F1})");
Console.WriteLine($"FLOP bound                       {bound:F0} examples/s");
Console.WriteLine($"measured training                {measured:F0} examples/s (best {WindowSteps}-step window; average {average:F0})");
Console.WriteLine($"fraction of the bound            {measured / bound:P0}");
return 0;

// Times torch.matmul on the GEMMs of one tower's forward pass at the given batch size and
// returns the FLOP/s of the fastest of 40 rounds.
static double MeasureSgemm(ReferenceDefinition definition, int batchSize)
{
    var shapes = new List<(long Batch, long M, long K, long N)> { (1, batchSize, definition.InputWidth, 1024) };
    long length = 1024;
    foreach (int units in new[] { 512, 256, 128 })
    {
        shapes.Add((5, batchSize, length, units));
        length = units;
    }

    var operands = shapes.Select(shape => (A: randn(shape.Batch, shape.M, shape.K), B: randn(shape.Batch, shape.K, shape.N))).ToList();
    double flopsPerRound = shapes.Sum(shape => 2.0 * shape.Batch * shape.M * shape.K * shape.N);
    for (int round = 0; round < 5; round++)
    {
        foreach (var (a, b) in operands)
        {
            a.matmul(b).Dispose();
        }
    }

    const int Rounds = 40;
    double fastest = double.MaxValue;
    for (int round = 0; round < Rounds; round++)
    {
        var watch = Stopwatch.StartNew();
        foreach (var (a, b) in operands)
        {
            a.matmul(b).Dispose();
        }

        fastest = Math.Min(fastest, watch.Elapsed.TotalSeconds);
    }

    return flopsPerRound / fastest;
}

// Trains with the library's Trainer and returns the examples/s of the fastest window of
// WindowSteps steps after the warm-up ones, and the average over all of them.
static (double Best, double Average) MeasureTraining(ReferenceDefinition definition, int batchSize, int steps)
{
    int records = batchSize * (steps + WarmupSteps);
    InMemoryTrainingData training = SyntheticData(definition, records, seed: 1);
    InMemoryTrainingData validation = SyntheticData(definition, batchSize, seed: 2);
    string folder = Path.Combine(Path.GetTempPath(), "hr-training-benchmark-" + Guid.NewGuid().ToString("N"));
    var stamps = new Dictionary<long, TimeSpan>();
    var clock = Stopwatch.StartNew();
    var progress = new StepClock(report => stamps.TryAdd(report.Step, clock.Elapsed));
    try
    {
        using var network = new ClemNetNetwork(definition);
        new Trainer(network, new TrainerOptions { CheckpointDirectory = folder }, progress: progress).Train(training, validation);
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }

    long last = stamps.Keys.Max();
    double average = (last - WarmupSteps) * (double)batchSize / (stamps[last] - stamps[WarmupSteps]).TotalSeconds;
    double best = 0;
    for (long start = WarmupSteps; start + WindowSteps <= last; start++)
    {
        double seconds = (stamps[start + WindowSteps] - stamps[start]).TotalSeconds;
        best = Math.Max(best, WindowSteps * (double)batchSize / seconds);
    }

    return (best, average);
}

static InMemoryTrainingData SyntheticData(ReferenceDefinition definition, int count, int seed)
{
    var random = new Random(seed);
    FeatureBatch batch = FeatureBatch.For(definition, count);
    batch.Reset(count);
    int buckets = 1 << definition.SparseBits;
    float[] labels = new float[count * 2];
    for (int row = 0; row < count; row++)
    {
        Span<float> continuous = batch.ContinuousRow(row);
        for (int index = 0; index < continuous.Length; index++)
        {
            continuous[index] = (float)(random.NextDouble() * 100);
        }

        Span<float> binary = batch.BinaryRow(row);
        for (int index = 0; index < binary.Length; index++)
        {
            binary[index] = random.Next(2);
        }

        for (int entry = 0; entry < SparseNotContinuousPerRecord; entry++)
        {
            batch.SparseNotContinuous.Add(random.Next(buckets), 1);
        }

        batch.SparseNotContinuous.EndRow();
        for (int entry = 0; entry < SparseContinuousPerRecord; entry++)
        {
            batch.SparseContinuous.Add(random.Next(buckets), (float)random.NextDouble());
        }

        batch.SparseContinuous.EndRow();
        labels[row * 2] = random.Next(2);
        labels[row * 2 + 1] = labels[row * 2] * random.Next(2);
    }

    return new InMemoryTrainingData(batch, labels, 2);
}

internal sealed class StepClock(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
