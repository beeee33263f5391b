using System.Diagnostics;
using System.Globalization;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.Onnx;
using HeavyRanker.Training;
using HeavyRanker.Training.Network;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace HeavyRanker.Cli.Benchmarks;

/// <summary>
/// Scorer, ONNX Runtime and TorchSharp evaluation throughput on one model in one process, and the
/// scorer's GFLOP/s next to TorchSharp's single-thread sgemm on the towers' own GEMM shapes.
/// </summary>
internal static class InferenceBench
{
    private static readonly int[] SingleThreadBatchSizes = { 1, 64, 256 };

    /// <summary>Runs every measurement, about <paramref name="seconds"/> each, and writes the table and the summary lines.</summary>
    public static void Run(IModelDefinition definition, Checkpoint checkpoint, double seconds, TextWriter output)
    {
        var scorer = new ClemNetScorer(definition, checkpoint);
        string onnxPath = Path.Combine(Path.GetTempPath(), $"heavyranker-bench-{Guid.NewGuid():N}.onnx");
        OnnxExporter.Export(definition, checkpoint, onnxPath);
        using var network = new ClemNetNetwork(definition);
        network.LoadCheckpoint(checkpoint);
        network.eval();

        try
        {
            var rows = new List<(string Label, double Scorer, double Onnx, double Torch)>();
            using (var onnx = new OnnxBench(onnxPath, definition, intraOpThreads: 1))
            {
                set_num_threads(1);
                foreach (int batchSize in SingleThreadBatchSizes)
                {
                    FeatureBatch batch = BenchModel.RandomBatch(definition, batchSize, seed: batchSize);
                    rows.Add(MeasureRow($"batch {batchSize}, 1 thread", scorer, onnx, network, batch, parallel: false, seconds));
                }
            }

            int cores = Environment.ProcessorCount;
            using (var onnx = new OnnxBench(onnxPath, definition, intraOpThreads: cores))
            {
                set_num_threads(cores);
                FeatureBatch batch = BenchModel.RandomBatch(definition, 256, seed: 256);
                rows.Add(MeasureRow($"batch 256, {cores} threads", scorer, onnx, network, batch, parallel: true, seconds));
            }

            set_num_threads(1);
            double sgemm = MeasureSgemm(definition, seconds);
            double scorerGflops = 2.0 * scorer.MultiplyAddsPerRecord() * rows[2].Scorer / 1e9;
            Write(output, rows, sgemm, scorerGflops);
        }
        finally
        {
            File.Delete(onnxPath);
        }
    }

    private static void Write(TextWriter output, List<(string Label, double Scorer, double Onnx, double Torch)> rows, double sgemmGflops, double scorerGflops)
    {
        output.WriteLine($"{"records/s",-22}{"scorer",14}{"ONNX Runtime",14}{"TorchSharp",14}{"scorer/ORT",12}{"scorer/torch",14}");
        foreach ((string label, double scorer, double onnx, double torch) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-22}{scorer,14:N0}{onnx,14:N0}{torch,14:N0}{scorer / onnx,12:F2}{scorer / torch,14:F2}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scorer GFLOP/s at batch 256, 1 thread: {scorerGflops:F1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sgemm GFLOP/s on the tower GEMM shapes (TorchSharp matmul, 1 thread): {sgemmGflops:F1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio_scorer_vs_ort_b1={rows[0].Scorer / rows[0].Onnx:F3}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio_scorer_vs_ort_b256={rows[2].Scorer / rows[2].Onnx:F3}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scorer_fraction_of_sgemm_peak={scorerGflops / sgemmGflops:F3}"));
    }

    /// <summary>
    /// Times the three engines on one batch in alternating rounds, so a burst of load from other
    /// processes hits all of them alike, and returns records per second from each one's best round.
    /// </summary>
    private static (string Label, double Scorer, double Onnx, double Torch) MeasureRow(
        string label, ClemNetScorer scorer, OnnxBench onnx, ClemNetNetwork network, FeatureBatch batch, bool parallel, double seconds)
    {
        float[] probabilities = new float[batch.Count * scorer.TaskCount];
        float[] scores = new float[batch.Count];
        Action scoreWithScorer = parallel
            ? () => scorer.ScoreParallel(batch, probabilities, scores)
            : () => scorer.Score(batch, probabilities, scores);

        using NetworkInput input = NetworkInput.FromBatch(batch);
        Action scoreWithTorch = () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using NetworkOutput result = network.Predict(input);
        };

        using OnnxBench.PreparedRun scoreWithOnnx = onnx.Prepare(batch);
        double[] perCall = TimeInterleaved(new[] { scoreWithScorer, scoreWithOnnx.Run, scoreWithTorch }, seconds);
        return (label, batch.Count / perCall[0], batch.Count / perCall[1], batch.Count / perCall[2]);
    }

    /// <summary>
    /// Measures single-thread matmul throughput on the GEMMs one tower runs for 256 records: per
    /// block and channel, [256, L] × [L, O]. This is the machine's practical sgemm peak for the
    /// shapes the scorer's packed GEMM handles.
    /// </summary>
    private static double MeasureSgemm(IModelDefinition definition, double seconds)
    {
        var shapes = new List<(long Depth, long Columns, int Repeats)>();
        int length = definition.InputWidth;
        int channels = 1;
        foreach (BlockDefinition block in definition.Architecture.Blocks)
        {
            if (block.DenseUnits is int units)
            {
                shapes.Add((length, units, channels));
                length = units;
            }

            if (block.ConvFilters is int filters)
            {
                length = ClemNetLayout.ConvOutputLength(length, block.ConvStride);
                channels = filters;
            }
        }

        double totalSeconds = 0;
        double totalFlops = 0;
        using var scope = NewDisposeScope();
        foreach ((long depth, long columns, int repeats) in shapes)
        {
            Tensor a = rand(256, depth);
            Tensor b = rand(depth, columns);
            double perCall = Time(() => { using Tensor product = matmul(a, b); }, seconds / shapes.Count);
            totalSeconds += perCall * repeats;
            totalFlops += 2.0 * 256 * depth * columns * repeats;
        }

        return totalFlops / totalSeconds / 1e9;
    }

    /// <summary>Returns the best mean seconds per call over five rounds of about <paramref name="seconds"/>/5 each, after a warm-up.</summary>
    private static double Time(Action action, double seconds) => TimeInterleaved(new[] { action }, seconds)[0];

    /// <summary>
    /// Returns, for each action, the best mean seconds per call over ten rounds; in every round each
    /// action runs for about <paramref name="seconds"/>/10, one after the other.
    /// </summary>
    private static double[] TimeInterleaved(Action[] actions, double seconds)
    {
        const int rounds = 10;
        double[] best = new double[actions.Length];
        Array.Fill(best, double.MaxValue);
        foreach (Action action in actions)
        {
            for (int warmUp = 0; warmUp < 3; warmUp++)
            {
                action();
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int index = 0; index < actions.Length; index++)
            {
                long calls = 0;
                var stopwatch = Stopwatch.StartNew();
                do
                {
                    actions[index]();
                    calls++;
                }
                while (stopwatch.Elapsed.TotalSeconds < seconds / rounds);
                best[index] = Math.Min(best[index], stopwatch.Elapsed.TotalSeconds / calls);
            }
        }

        return best;
    }

    /// <summary>An ONNX Runtime session with its inputs for one batch prepared once.</summary>
    private sealed class OnnxBench : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly IModelDefinition _definition;

        public OnnxBench(string path, IModelDefinition definition, int intraOpThreads)
        {
            using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
            _session = new InferenceSession(path, options);
            _definition = definition;
        }

        /// <summary>Creates the input tensors of <paramref name="batch"/> once, for repeated runs.</summary>
        public PreparedRun Prepare(FeatureBatch batch)
        {
            var names = new List<string>();
            var values = new List<OrtValue>();
            int count = batch.Count;
            Add(names, values, OnnxExporter.ContinuousInput, OrtValue.CreateTensorValueFromMemory(batch.Continuous.ToArray(), new long[] { count, batch.ContinuousWidth }));
            Add(names, values, OnnxExporter.BinaryInput, OrtValue.CreateTensorValueFromMemory(batch.Binary.ToArray(), new long[] { count, batch.BinaryWidth }));
            if (_definition.HasSparseNotContinuous)
            {
                AddSparse(names, values, OnnxExporter.SparseNotContinuousGroup, batch.SparseNotContinuous, count);
            }

            if (_definition.HasSparseContinuous)
            {
                AddSparse(names, values, OnnxExporter.SparseContinuousGroup, batch.SparseContinuous, count);
            }

            return new PreparedRun(_session, names, values);
        }

        public void Dispose() => _session.Dispose();

        /// <summary>One batch's inputs, ready to run; disposing releases the input tensors.</summary>
        public sealed class PreparedRun(InferenceSession session, List<string> names, List<OrtValue> values) : IDisposable
        {
            private static readonly string[] Outputs = { OnnxExporter.ProbabilitiesOutput, OnnxExporter.ScoreOutput };
            private readonly RunOptions _options = new();

            public void Run()
            {
                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(_options, names, values, Outputs);
            }

            public void Dispose()
            {
                values.ForEach(value => value.Dispose());
                _options.Dispose();
            }
        }

        private static void Add(List<string> names, List<OrtValue> values, string name, OrtValue value)
        {
            names.Add(name);
            values.Add(value);
        }

        private static void AddSparse(List<string> names, List<OrtValue> values, string group, SparseRows rows, int count)
        {
            (long[] keys, float[] entryValues, int width) = SparsePadding.Pad(rows, count);
            Add(names, values, OnnxExporter.KeysInput(group), OrtValue.CreateTensorValueFromMemory(keys, new long[] { count, width }));
            Add(names, values, OnnxExporter.ValuesInput(group), OrtValue.CreateTensorValueFromMemory(entryValues, new long[] { count, width }));
        }
    }
}
