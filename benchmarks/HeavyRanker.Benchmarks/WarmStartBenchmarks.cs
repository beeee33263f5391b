using BenchmarkDotNet.Attributes;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.WarmStart;
using NotificationRanker.Model;

namespace HeavyRanker.Benchmarks;

/// <summary>
/// Warm start of a full-size NotificationRanker checkpoint (two 2^18 × 50 embedding tables, two
/// towers of 1024/512/256/128-unit blocks with 5-filter convolutions, F = 128) into a model whose
/// continuous list drops two features, adds two and is reversed. <c>RewriteFolder</c> is the whole
/// command: load, remap, write and flush the new folder. <c>RewriteInMemory</c> is the remap alone.
/// </summary>
[MemoryDiagnoser]
public class WarmStartBenchmarks
{
    private string _root = "";
    private string _oldDirectory = "";
    private string _newDirectory = "";
    private Checkpoint _old = null!;
    private IModelDefinition _newDefinition = null!;

    [GlobalSetup]
    public void Setup()
    {
        IModelDefinition oldDefinition = NotificationRankerDefinition.Instance;
        _newDefinition = new ChangedContinuousFeatures(oldDefinition);
        _root = Path.Combine(Path.GetTempPath(), "warm-start-benchmark-" + Guid.NewGuid().ToString("N"));
        _oldDirectory = Path.Combine(_root, "old");
        _newDirectory = Path.Combine(_root, "new");
        Directory.CreateDirectory(_oldDirectory);

        _old = CreateCheckpoint(oldDefinition);
        string path = Path.Combine(_oldDirectory, WarmStartRewriter.CheckpointFileName);
        CheckpointFile.Save(path, _old);
        Console.WriteLine($"// Old checkpoint: {new FileInfo(path).Length} bytes, {_old.Tensors.Count} tensors.");
    }

    [IterationCleanup]
    public void DeleteOutput()
    {
        if (Directory.Exists(_newDirectory))
        {
            Directory.Delete(_newDirectory, recursive: true);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public WarmStartReport RewriteFolder() =>
        WarmStartRewriter.Rewrite(_oldDirectory, _newDirectory, _newDefinition, new WarmStartOptions { Seed = 1 });

    [Benchmark]
    public Checkpoint RewriteInMemory() => WarmStartRewriter.Rewrite(_old, _newDefinition, seed: 1, out _);

    /// <summary>Fills every tensor with a fixed pseudo-random sequence; the values do not affect the timing.</summary>
    private static Checkpoint CreateCheckpoint(IModelDefinition definition)
    {
        uint state = 12345;
        var tensors = new List<CheckpointTensor>();
        foreach (TensorShape shape in definition.Tensors)
        {
            var data = new float[shape.ElementCount];
            for (int i = 0; i < data.Length; i++)
            {
                state = state * 1664525 + 1013904223;
                data[i] = (state >> 8) * (1f / (1 << 24)) - 0.5f;
            }

            tensors.Add(new CheckpointTensor(shape.Name, (int[])shape.Shape.Clone(), data));
        }

        return new Checkpoint(tensors, CheckpointMetadata.Create(definition, step: 100_000));
    }

    /// <summary>The sample model with its continuous list reversed, the first two features dropped and two new ones appended.</summary>
    private sealed class ChangedContinuousFeatures : IModelDefinition
    {
        private readonly IModelDefinition _inner;

        public ChangedContinuousFeatures(IModelDefinition inner)
        {
            _inner = inner;
            ContinuousFeatures = inner.ContinuousFeatures.Skip(2).Reverse().Concat(new[] { "new.feature0", "new.feature1" }).ToArray();
            Tensors = ClemNetLayout.Tensors(
                ContinuousFeatures.Count,
                inner.BinaryFeatures.Count,
                inner.HasSparseNotContinuous,
                inner.HasSparseContinuous,
                inner.SparseBits,
                inner.EmbeddingSize,
                inner.Tasks.Count,
                inner.Architecture.Blocks.Select(block => new ClemNetBlockShape(block.DenseUnits, block.ConvKernel, block.ConvFilters, block.ConvStride, block.Residual)).ToArray(),
                inner.Architecture.TopHiddenUnits);
        }

        public IReadOnlyList<string> ContinuousFeatures { get; }

        public IReadOnlyList<TensorShape> Tensors { get; }

        public string Name => _inner.Name;

        public string SpecHash => "changed-" + _inner.SpecHash;

        public string SpecJson => _inner.SpecJson;

        public IReadOnlyList<FeatureDefinition> Features => _inner.Features;

        public IReadOnlyList<string> BinaryFeatures => _inner.BinaryFeatures;

        public bool HasSparseNotContinuous => _inner.HasSparseNotContinuous;

        public bool HasSparseContinuous => _inner.HasSparseContinuous;

        public int SparseBits => _inner.SparseBits;

        public int EmbeddingSize => _inner.EmbeddingSize;

        public int InputWidth => ClemNetLayout.InputWidth(ContinuousFeatures.Count, BinaryFeatures.Count, HasSparseNotContinuous, HasSparseContinuous, EmbeddingSize);

        public IReadOnlyList<TaskDefinition> Tasks => _inner.Tasks;

        public string? DislikeColumn => _inner.DislikeColumn;

        public string? WeightColumn => _inner.WeightColumn;

        public ArchitectureDefinition Architecture => _inner.Architecture;

        public TrainingDefinition Training => _inner.Training;
    }
}
