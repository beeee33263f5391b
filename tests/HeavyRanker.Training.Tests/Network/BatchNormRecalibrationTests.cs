using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using HeavyRanker.Training.Network;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Network;

public sealed class BatchNormRecalibrationTests
{
    public BatchNormRecalibrationTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void FindsEveryBatchNormLayer()
    {
        // One renormalisation for the continuous block, and a dense and a conv norm per block in each of two towers.
        using var network = new ClemNetNetwork(new TestDefinition());

        IReadOnlyList<IBatchStatisticsRecalibration> layers = network.BatchNormLayers();

        Assert.Single(layers.OfType<BatchRenormalization>());
        Assert.Equal(2 * 3 * 2, layers.OfType<BatchNormalization>().Count());
    }

    [Fact]
    public void ChangesOnlyBatchNormStatistics()
    {
        var definition = new TestDefinition();
        using var network = new ClemNetNetwork(definition);
        ClemNetNetworkTests.TrainSteps(network, definition, 3);
        Dictionary<string, float[]> before = Snapshot(network);
        HashSet<string> statistics = definition.Tensors
            .Select(shape => shape.Name)
            .Where(name => name.EndsWith(".running_mean", StringComparison.Ordinal)
                || name.EndsWith(".running_var", StringComparison.Ordinal)
                || name.EndsWith(".renorm_mean", StringComparison.Ordinal)
                || name.EndsWith(".renorm_stddev", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(2 * 12 + 4, statistics.Count);
        Assert.NotEqual(0f, before[ClemNetLayout.SparseContinuousNorm + ".max"].Max());

        // Other seeds than the training steps, so these batches hold keys whose maxima a training-mode pass would raise.
        int count = network.RecalibrateBatchNorm(Batches(definition, 3));

        Assert.Equal(3, count);
        Assert.True(network.training);
        Assert.All(network.BatchNormLayers(), layer => Assert.False(layer.IsRecalibrating));
        Dictionary<string, float[]> after = Snapshot(network);
        foreach ((string name, float[] values) in before)
        {
            if (statistics.Contains(name))
            {
                Assert.NotEqual(values, after[name]);
            }
            else
            {
                Assert.Equal(values, after[name]);
            }
        }

        // The same batches in training mode do raise the maxima.
        string maxima = ClemNetLayout.SparseContinuousNorm + ".max";
        network.train();
        using (no_grad())
        {
            foreach (NetworkInput input in Batches(definition, 3))
            {
                network.forward(input).Dispose();
            }
        }

        Assert.NotEqual(after[maxima], Snapshot(network)[maxima]);
    }

    [Fact]
    public void EvalMatchesTrainingNormalization()
    {
        // After recalibrating on one batch, the moving and renorm statistics equal that batch's,
        // so evaluation mode and training mode (r = 1, d = 0) must score it alike.
        var definition = new TestDefinition();
        using var network = new ClemNetNetwork(definition);
        ClemNetNetworkTests.TrainSteps(network, definition, 3);
        FeatureBatch batch = TestData.RandomBatch(definition, 32, seed: 40);
        using NetworkInput input = NetworkInput.FromBatch(batch);
        network.train();
        using (no_grad())
        {
            // Sets the SparseMaxNorm maxima of this batch, so the training-mode pass below divides by the same maxima as evaluation.
            network.forward(input).Dispose();
        }

        network.RecalibrateBatchNorm(new[] { input });
        network.eval();
        using NetworkOutput evaluated = network.Predict(input);
        network.train();
        using NetworkOutput trained = network.Predict(input);

        float[] expected = trained.Logits.data<float>().ToArray();
        float[] actual = evaluated.Logits.data<float>().ToArray();
        for (int index = 0; index < expected.Length; index++)
        {
            Assert.Equal(expected[index], actual[index], 3);
        }
    }

    [Fact]
    public void FailedBatchKeepsStatistics()
    {
        var definition = new TestDefinition();
        using var network = new ClemNetNetwork(definition);
        ClemNetNetworkTests.TrainSteps(network, definition, 2);
        Dictionary<string, float[]> before = Snapshot(network);
        FeatureBatch single = TestData.RandomBatch(definition, 1, seed: 50);
        using NetworkInput tooSmall = NetworkInput.FromBatch(single);

        IEnumerable<NetworkInput> batches = Batches(definition, 2).Append(tooSmall);
        var exception = Assert.Throws<ArgumentException>(() => network.RecalibrateBatchNorm(batches));

        Assert.Contains("at least 2", exception.Message);
        Assert.All(network.BatchNormLayers(), layer => Assert.False(layer.IsRecalibrating));
        Dictionary<string, float[]> after = Snapshot(network);
        foreach ((string name, float[] values) in before)
        {
            Assert.Equal(values, after[name]);
        }
    }

    [Fact]
    public void RejectsEmptySequence()
    {
        using var network = new ClemNetNetwork(new TestDefinition());

        Assert.Throws<ArgumentException>(() => network.RecalibrateBatchNorm(Array.Empty<NetworkInput>()));
        Assert.All(network.BatchNormLayers(), layer => Assert.False(layer.IsRecalibrating));
    }

    private static IEnumerable<NetworkInput> Batches(IModelDefinition definition, int count)
    {
        for (int index = 0; index < count; index++)
        {
            FeatureBatch batch = TestData.RandomBatch(definition, 16, seed: 20 + index);
            using NetworkInput input = NetworkInput.FromBatch(batch);
            yield return input;
        }
    }

    private static Dictionary<string, float[]> Snapshot(ClemNetNetwork network) =>
        network.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.contiguous().data<float>().ToArray());
}
