using BenchmarkDotNet.Attributes;
using HeavyRanker.Runtime.Features;
using NotificationRanker.Model;

namespace HeavyRanker.Benchmarks;

/// <summary>
/// Throughput of the generated NotificationRanker extractor on one thread. Each invocation
/// extracts one batch, and the reported time is per record (OperationsPerInvoke), so records per
/// second is 1e9 / mean in ns.
/// </summary>
[MemoryDiagnoser]
public class ExtractorBenchmarks
{
    private const int BatchSize = 1024;

    private NotificationRankerRecord[] _records = Array.Empty<NotificationRankerRecord>();
    private FeatureBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _records = SampleRecords.Create(BatchSize, seed: 12345);
        _batch = FeatureBatch.For(NotificationRankerDefinition.Instance, BatchSize);

        // The first call sizes the sparse buffers; the measured calls reuse them.
        NotificationRankerFeatureExtractor.Instance.Extract(_records, _batch);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int ExtractRecord()
    {
        NotificationRankerFeatureExtractor.Instance.Extract(_records, _batch);
        return _batch.SparseNotContinuous.EntryCount;
    }
}
