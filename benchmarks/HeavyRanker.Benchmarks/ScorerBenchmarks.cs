using BenchmarkDotNet.Attributes;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.Onnx;
using Microsoft.ML.OnnxRuntime;
using NotificationRanker.Model;

namespace HeavyRanker.Benchmarks;

/// <summary>
/// The pure-C# scorer against ONNX Runtime (one intra-op thread) on the sample spec, with random
/// weights and random batch-norm statistics. Times are per batch. Batch 255 is not a multiple of
/// the kernels' row blocks, so the tail kernels are timed too.
/// </summary>
[MemoryDiagnoser]
public class ScorerBenchmarks
{
    private ClemNetScorer _scorer = null!;
    private FeatureBatch _batch = null!;
    private float[] _probabilities = Array.Empty<float>();
    private float[] _scores = Array.Empty<float>();
    private InferenceSession _session = null!;
    private List<string> _inputNames = new();
    private List<OrtValue> _inputs = new();
    private string _onnxPath = "";

    [Params(1, 64, 255, 256)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IModelDefinition definition = NotificationRankerDefinition.Instance;
        Checkpoint checkpoint = RandomCheckpoint(definition, new Random(1));
        _scorer = new ClemNetScorer(definition, checkpoint);
        _batch = FeatureBatch.For(definition, BatchSize);
        NotificationRankerFeatureExtractor.Instance.Extract(SampleRecords.Create(BatchSize, seed: 7), _batch);
        _probabilities = new float[BatchSize * definition.Tasks.Count];
        _scores = new float[BatchSize];

        _onnxPath = Path.Combine(Path.GetTempPath(), $"scorer-benchmark-{Guid.NewGuid():N}.onnx");
        OnnxExporter.Export(definition, checkpoint, _onnxPath);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(_onnxPath, options);
        AddInput(OnnxExporter.ContinuousInput, OrtValue.CreateTensorValueFromMemory(_batch.Continuous.ToArray(), new long[] { BatchSize, _batch.ContinuousWidth }));
        AddInput(OnnxExporter.BinaryInput, OrtValue.CreateTensorValueFromMemory(_batch.Binary.ToArray(), new long[] { BatchSize, _batch.BinaryWidth }));
        AddSparse(OnnxExporter.SparseNotContinuousGroup, _batch.SparseNotContinuous, definition.HasSparseNotContinuous);
        AddSparse(OnnxExporter.SparseContinuousGroup, _batch.SparseContinuous, definition.HasSparseContinuous);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inputs.ForEach(input => input.Dispose());
        _session.Dispose();
        File.Delete(_onnxPath);
    }

    [Benchmark(Baseline = true)]
    public void OnnxRuntime()
    {
        using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(new RunOptions(), _inputNames, _inputs, new[] { OnnxExporter.ScoreOutput });
    }

    [Benchmark]
    public float Scorer()
    {
        _scorer.Score(_batch, _probabilities, _scores);
        return _scores[0];
    }

    private void AddInput(string name, OrtValue value)
    {
        _inputNames.Add(name);
        _inputs.Add(value);
    }

    private void AddSparse(string group, SparseRows rows, bool present)
    {
        if (present)
        {
            (long[] keys, float[] values, int width) = SparsePadding.Pad(rows, BatchSize);
            AddInput(OnnxExporter.KeysInput(group), OrtValue.CreateTensorValueFromMemory(keys, new long[] { BatchSize, width }));
            AddInput(OnnxExporter.ValuesInput(group), OrtValue.CreateTensorValueFromMemory(values, new long[] { BatchSize, width }));
        }
    }

    /// <summary>Draws every tensor uniformly at scale 1/sqrt(fan in), with variances in [0.5, 1.5] so the norms fold non-trivially.</summary>
    private static Checkpoint RandomCheckpoint(IModelDefinition definition, Random random)
    {
        var tensors = new List<CheckpointTensor>();
        foreach (TensorShape shape in definition.Tensors)
        {
            float[] data = new float[shape.ElementCount];
            bool variance = shape.Name.EndsWith("running_var", StringComparison.Ordinal) || shape.Name.EndsWith("stddev", StringComparison.Ordinal);
            double scale = shape.Shape.Length > 1 ? 1.0 / Math.Sqrt(shape.Shape[^2]) : 0.2;
            for (int index = 0; index < data.Length; index++)
            {
                data[index] = variance ? (float)(0.5 + random.NextDouble()) : (float)((random.NextDouble() - 0.5) * 2 * scale);
            }

            tensors.Add(new CheckpointTensor(shape.Name, shape.Shape, data));
        }

        return new Checkpoint(tensors, CheckpointMetadata.Create(definition, 0));
    }
}
