using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HeavyRanker.Parity.Tests;

/// <summary>Runs an exported model under ONNX Runtime (one intra-op thread) on feature batches.</summary>
internal sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly IModelDefinition _definition;

    public OnnxRunner(string path, IModelDefinition definition)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(path, options);
        _definition = definition;
    }

    /// <summary>Returns probabilities <c>[count, tasks]</c> and scores <c>[count]</c>.</summary>
    public (float[] Probabilities, float[] Scores) Score(FeatureBatch batch)
    {
        int count = batch.Count;
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(OnnxExporter.ContinuousInput, new DenseTensor<float>(batch.Continuous.ToArray(), new[] { count, batch.ContinuousWidth })),
            NamedOnnxValue.CreateFromTensor(OnnxExporter.BinaryInput, new DenseTensor<float>(batch.Binary.ToArray(), new[] { count, batch.BinaryWidth })),
        };
        if (_definition.HasSparseNotContinuous)
        {
            AddSparse(inputs, OnnxExporter.SparseNotContinuousGroup, batch.SparseNotContinuous, count);
        }

        if (_definition.HasSparseContinuous)
        {
            AddSparse(inputs, OnnxExporter.SparseContinuousGroup, batch.SparseContinuous, count);
        }

        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(inputs);
        float[] probabilities = results.Single(result => result.Name == OnnxExporter.ProbabilitiesOutput).AsTensor<float>().ToArray();
        float[] scores = results.Single(result => result.Name == OnnxExporter.ScoreOutput).AsTensor<float>().ToArray();
        return (probabilities, scores);
    }

    public void Dispose() => _session.Dispose();

    private static void AddSparse(List<NamedOnnxValue> inputs, string group, SparseRows rows, int count)
    {
        (long[] keys, float[] values, int width) = SparsePadding.Pad(rows, count);
        inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxExporter.KeysInput(group), new DenseTensor<long>(keys, new[] { count, width })));
        inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxExporter.ValuesInput(group), new DenseTensor<float>(values, new[] { count, width })));
    }
}
