using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Native;
using HeavyRanker.Training.Network;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Tests.Network;

public sealed class ClemNetNetworkTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hr-network-" + Guid.NewGuid().ToString("N"));

    public ClemNetNetworkTests()
    {
        TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Definitions => new() { "full", "dense-only", "top-hidden", "one-task", "strided" };

    [Theory]
    [MemberData(nameof(Definitions))]
    public void StateDictMatchesLayout(string name)
    {
        var definition = Create(name);
        using var network = new ClemNetNetwork(definition);

        var state = network.state_dict();

        Assert.Equal(definition.Tensors.Select(tensor => tensor.Name).OrderBy(key => key, StringComparer.Ordinal), state.Keys.OrderBy(key => key, StringComparer.Ordinal));
        foreach (TensorShape shape in definition.Tensors)
        {
            Assert.Equal(shape.Shape.Select(dimension => (long)dimension).ToArray(), state[shape.Name].shape);
        }
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void TrainableFlagsMatchLayout(string name)
    {
        var definition = Create(name);
        using var network = new ClemNetNetwork(definition);

        var parameterNames = network.named_parameters().Select(entry => entry.name).ToHashSet();

        foreach (TensorShape shape in definition.Tensors)
        {
            Assert.True(shape.Trainable == parameterNames.Contains(shape.Name), $"{shape.Name}: trainable {shape.Trainable} in the layout");
        }
    }

    [Fact]
    public void EvalScoresRowAloneAsInBatch()
    {
        var definition = new TestDefinition();
        using var network = new ClemNetNetwork(definition);
        TrainSteps(network, definition, 3);
        network.eval();
        FeatureBatch batch = TestData.RandomBatch(definition, 8, seed: 11);
        FeatureBatch single = TestData.RandomBatch(definition, 8, seed: 11);
        new InMemoryTrainingData(batch, new float[16], 2).Fill(new[] { 5 }, single, new float[2], new float[1]);

        using NetworkOutput all = network.Predict(batch);
        using NetworkOutput alone = network.Predict(single);

        // Batch statistics would make a lone record's logits far off. The GEMM blocking differs
        // between batch sizes, so the last bits may differ too.
        float[] expected = all.Logits[5].data<float>().ToArray();
        float[] actual = alone.Logits[0].data<float>().ToArray();
        for (int task = 0; task < expected.Length; task++)
        {
            Assert.Equal(expected[task], actual[task], 5);
        }
    }

    [Fact]
    public void ProbabilitiesAreCumulativeProducts()
    {
        var definition = new TestDefinition();
        using var network = new ClemNetNetwork(definition);
        network.eval();
        using Tensor logits = tensor(new float[] { 0, 0, 2, -1 }, new long[] { 2, 2 });

        using NetworkOutput output = network.Outputs(logits);

        float[] probabilities = output.Probabilities.data<float>().ToArray();
        Assert.Equal(0.5f, probabilities[0], 6);
        Assert.Equal(0.25f, probabilities[1], 6);
        float open = 1 / (1 + MathF.Exp(-2));
        float engage = open / (1 + MathF.Exp(1));
        Assert.Equal(open, probabilities[2], 6);
        Assert.Equal(engage, probabilities[3], 6);
        float[] score = output.Score.data<float>().ToArray();
        Assert.Equal(0.9f * 0.5f + 0.1f * 0.25f, score[0], 6);
        Assert.Equal(0.9f * open + 0.1f * engage, score[1], 6);
    }

    [Fact]
    public void SameSeedSameWeights()
    {
        var definition = new TestDefinition();
        using var first = new ClemNetNetwork(definition);
        using var second = new ClemNetNetwork(definition);

        foreach ((string name, Tensor value) in first.state_dict())
        {
            Assert.True(value.equal(second.state_dict()[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void CheckpointRoundTripIsBitIdentical()
    {
        var definition = new TestDefinition();
        using var trained = new ClemNetNetwork(definition);
        TrainSteps(trained, definition, 5);
        string path = Path.Combine(_folder, "model.safetensors");
        trained.Save(path, step: 5);

        using var restored = new ClemNetNetwork(definition, seed: 99);
        IReadOnlyDictionary<string, string> metadata = restored.Load(path);

        Assert.Equal("5", metadata["step"]);
        foreach ((string name, Tensor value) in trained.state_dict())
        {
            Assert.True(value.equal(restored.state_dict()[name]).all().item<bool>(), name);
        }

        Assert.NotEqual(0f, trained.state_dict()["features.continuous_norm.running_mean"].abs().sum().item<float>());
        trained.eval();
        restored.eval();
        FeatureBatch batch = TestData.RandomBatch(definition, 16, seed: 3);
        using NetworkOutput expected = trained.Predict(batch);
        using NetworkOutput actual = restored.Predict(batch);
        Assert.Equal(expected.Probabilities.data<float>().ToArray(), actual.Probabilities.data<float>().ToArray());
    }

    [Fact]
    public void ScoresBatchWithoutSparseEntries()
    {
        var definition = new TestDefinition();
        using var network = new ClemNetNetwork(definition);
        network.eval();
        var batch = FeatureBatch.For(definition, 3);
        batch.Reset(3);

        using NetworkOutput output = network.Predict(batch);

        Assert.Equal(new long[] { 3, 2 }, output.Probabilities.shape);
        float[] scores = output.Score.data<float>().ToArray();
        Assert.All(scores, score => Assert.InRange(score, 0f, 1f));
        Assert.Equal(scores[0], scores[2]);
    }

    [Fact]
    public void ResidualMustKeepLength()
    {
        var definition = new TestDefinition(blocks: new[] { new BlockDefinition(8, 3, 2, 1, "relu", true) });

        var exception = Assert.Throws<ArgumentException>(() => new ClemNetNetwork(definition));

        Assert.Contains("residual", exception.Message);
    }

    [Fact]
    public void RejectsWrongContinuousWidth()
    {
        var definition = new TestDefinition();
        using var network = new ClemNetNetwork(definition);
        var batch = new FeatureBatch(2, 2, 4);
        batch.Reset(2);
        batch.SparseNotContinuous.EndRow();
        batch.SparseNotContinuous.EndRow();
        batch.SparseContinuous.EndRow();
        batch.SparseContinuous.EndRow();

        var exception = Assert.Throws<ArgumentException>(() => network.Predict(batch));

        Assert.Contains("continuous", exception.Message);
    }

    internal static TestDefinition Create(string name) => name switch
    {
        "full" => new TestDefinition(),
        "dense-only" => new TestDefinition(sparseNotContinuous: false, sparseContinuous: false),
        "top-hidden" => new TestDefinition(topHiddenUnits: new[] { 6, 3 }),
        "one-task" => new TestDefinition(taskCount: 1, sparseContinuous: false),
        "strided" => new TestDefinition(blocks: new[]
        {
            new BlockDefinition(9, 3, 4, 2, "tanh", false),
            new BlockDefinition(null, 2, 3, 1, "relu", true),
            new BlockDefinition(6, null, null, 1, "sigmoid", false),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown test definition"),
    };

    internal static void TrainSteps(ClemNetNetwork network, IModelDefinition definition, int steps)
    {
        using var optimizer = optim.SGD(network.parameters(), 0.1);
        network.train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            FeatureBatch batch = TestData.RandomBatch(definition, 8, seed: step);
            using NetworkInput input = NetworkInput.FromBatch(batch);
            Tensor logits = network.forward(input);
            Tensor loss = ClemNetLoss.Compute(logits, ones_like(logits), null);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }
}
