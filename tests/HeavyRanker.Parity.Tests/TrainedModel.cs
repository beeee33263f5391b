using HeavyRanker.Parity.Tests.AliExpressModel;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.Onnx;
using HeavyRanker.Training;
using HeavyRanker.Training.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace HeavyRanker.Parity.Tests;

/// <summary>
/// A model of <paramref name="definition"/> trained for a few SGD steps, with its batch-norm
/// statistics and sparse tables then set to seeded random values, so folding and gathers are
/// tested on non-trivial numbers. It is saved as model.safetensors and model.onnx in a
/// temporary folder, and kept loaded in the TorchSharp network in evaluation mode.
/// </summary>
internal sealed class TrainedModel : IDisposable
{
    public TrainedModel(IModelDefinition definition, Func<int, FeatureBatch> trainingBatch, Func<int, float[]> trainingLabels, int steps)
    {
        Definition = definition;
        Folder = Directory.CreateTempSubdirectory("parity-").FullName;
        Network = new ClemNetNetwork(definition, seed: 5);
        Network.train();
        using (var optimizer = optim.SGD(Network.parameters(), definition.Training.LearningRate))
        {
            for (int step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                FeatureBatch batch = trainingBatch(step);
                using NetworkInput input = NetworkInput.FromBatch(batch);
                optimizer.zero_grad();
                Tensor logits = Network.forward(input);
                Tensor labels = tensor(trainingLabels(step), new long[] { batch.Count, definition.Tasks.Count });
                Tensor loss = nn.functional.binary_cross_entropy_with_logits(logits, labels);
                loss.backward();
                optimizer.step();
            }
        }

        Checkpoint = Randomize(Network.ToCheckpoint(steps), new Random(17));
        Network.LoadCheckpoint(Checkpoint);
        Network.eval();
        CheckpointPath = Path.Combine(Folder, "model.safetensors");
        OnnxPath = Path.Combine(Folder, "model.onnx");
        CheckpointFile.Save(CheckpointPath, Checkpoint);
        OnnxExporter.Export(definition, Checkpoint, OnnxPath);
    }

    public IModelDefinition Definition { get; }

    public string Folder { get; }

    public ClemNetNetwork Network { get; }

    public Checkpoint Checkpoint { get; }

    public string CheckpointPath { get; }

    public string OnnxPath { get; }

    /// <summary>Scores <paramref name="batch"/> with the TorchSharp network in evaluation mode.</summary>
    public (float[] Probabilities, float[] Scores) ScoreWithTorch(FeatureBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using NetworkOutput output = Network.Predict(batch);
        return (output.Probabilities.data<float>().ToArray(), output.Score.data<float>().ToArray());
    }

    public void Dispose()
    {
        Network.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Replaces batch-norm statistics, scales and offsets, sparse tables and SparseMaxNorm maxima with seeded random values.</summary>
    private static Checkpoint Randomize(Checkpoint checkpoint, Random random)
    {
        var tensors = new List<CheckpointTensor>();
        foreach (CheckpointTensor tensor in checkpoint.Tensors)
        {
            float[] data = (float[])tensor.Data.Clone();
            string name = tensor.Name;
            for (int index = 0; index < data.Length; index++)
            {
                if (name.EndsWith("norm.running_mean", StringComparison.Ordinal))
                {
                    data[index] = (float)((random.NextDouble() - 0.5) * 0.6);
                }
                else if (name.EndsWith("norm.running_var", StringComparison.Ordinal))
                {
                    data[index] = (float)(0.05 + (random.NextDouble() * 2));
                }
                else if (name.EndsWith("norm.weight", StringComparison.Ordinal))
                {
                    data[index] = (float)(0.5 + random.NextDouble());
                }
                else if (name.EndsWith("norm.bias", StringComparison.Ordinal) && !name.StartsWith(ClemNetLayout.SparseContinuousNorm, StringComparison.Ordinal))
                {
                    data[index] = (float)((random.NextDouble() - 0.5) * 0.4);
                }
                else if (name.StartsWith("features.sparse", StringComparison.Ordinal))
                {
                    data[index] = name.EndsWith(".max", StringComparison.Ordinal)
                        ? (random.Next(8) == 0 ? 0f : (float)(random.NextDouble() * 3))
                        : (float)((random.NextDouble() - 0.5) * 0.5);
                }
            }

            tensors.Add(new CheckpointTensor(name, tensor.Shape, data));
        }

        return new Checkpoint(tensors, checkpoint.Metadata);
    }
}

/// <summary>The AliExpress model, trained once for all tests of the class that uses it.</summary>
public sealed class AliExpressFixture : IDisposable
{
    public AliExpressFixture()
    {
        (AliExpressRecord[] train, float[] trainLabels) = AliExpressData.Read("train.csv");
        (TestRecords, _) = AliExpressData.Read("test.csv");
        const int batchSize = 25;
        Model = new TrainedModel(
            AliExpressDefinition.Instance,
            step =>
            {
                int start = (step * batchSize) % train.Length;
                FeatureBatch batch = FeatureBatch.For(AliExpressDefinition.Instance, batchSize);
                AliExpressFeatureExtractor.Instance.Extract(train.AsSpan(start, batchSize), batch);
                return batch;
            },
            step =>
            {
                int start = (step * batchSize) % train.Length;
                return trainLabels.AsSpan(start * 2, batchSize * 2).ToArray();
            },
            steps: 12);
    }

    internal TrainedModel Model { get; }

    internal AliExpressRecord[] TestRecords { get; }

    public void Dispose() => Model.Dispose();
}
