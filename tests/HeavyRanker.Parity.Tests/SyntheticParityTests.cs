using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using Xunit.Abstractions;

namespace HeavyRanker.Parity.Tests;

/// <summary>The synthetic model, trained once for the tests of <see cref="SyntheticParityTests"/>.</summary>
public sealed class SyntheticFixture : IDisposable
{
    public SyntheticFixture()
    {
        var definition = new SyntheticDefinition();
        Model = new TrainedModel(
            definition,
            step => definition.RandomBatch(32, new Random(100 + step)),
            step =>
            {
                var random = new Random(200 + step);
                return Enumerable.Range(0, 64).Select(_ => (float)random.Next(2)).ToArray();
            },
            steps: 3);
        Definition = definition;
    }

    internal SyntheticDefinition Definition { get; }

    internal TrainedModel Model { get; }

    public void Dispose() => Model.Dispose();
}

/// <summary>Three-path agreement on the parts of the network the AliExpress spec does not use, and on bad values.</summary>
public sealed class SyntheticParityTests(SyntheticFixture fixture, ITestOutputHelper output) : IClassFixture<SyntheticFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(70)]
    public void AllPathsAgreeOnRandomRecords(int count)
    {
        FeatureBatch batch = fixture.Definition.RandomBatch(count, new Random(count));

        AssertAllPathsAgree(batch, $"random batch of {count}");
    }

    [Fact]
    public void NonFiniteValuesAndEmptyGroupsAgree()
    {
        float[] specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f };
        var batch = new FeatureBatch(5, 3, specials.Length);
        batch.Reset(specials.Length);
        for (int row = 0; row < specials.Length; row++)
        {
            batch.ContinuousRow(row).Fill(specials[row]);
            batch.BinaryRow(row).Fill(specials[row]);
            batch.SparseNotContinuous.EndRow();
            batch.SparseContinuous.EndRow();
        }

        (float[] probabilities, float[] scores) = AssertAllPathsAgree(batch, "NaN, +Inf, -Inf and zero rows");

        // NaN and ±Inf read as 0, so every row scores like the all-zero row.
        for (int row = 0; row < specials.Length - 1; row++)
        {
            Assert.Equal(scores[^1], scores[row]);
            Assert.Equal(probabilities.AsSpan(probabilities.Length - 2, 2).ToArray(), probabilities.AsSpan(row * 2, 2).ToArray());
        }
    }

    [Fact]
    public void ParallelScoringMatchesSingleThread()
    {
        FeatureBatch batch = fixture.Definition.RandomBatch(300, new Random(9));
        ClemNetScorer scorer = ClemNetScorer.Load(fixture.Model.CheckpointPath, fixture.Definition);
        float[] probabilities = new float[600];
        float[] scores = new float[300];
        float[] parallelProbabilities = new float[600];
        float[] parallelScores = new float[300];

        scorer.Score(batch, probabilities, scores);
        scorer.ScoreParallel(batch, parallelProbabilities, parallelScores);

        Assert.Equal(probabilities, parallelProbabilities);
        Assert.Equal(scores, parallelScores);
    }

    private (float[] Probabilities, float[] Scores) AssertAllPathsAgree(FeatureBatch batch, string what)
    {
        TrainedModel model = fixture.Model;
        ClemNetScorer scorer = ClemNetScorer.Load(model.CheckpointPath, model.Definition);
        using var onnx = new OnnxRunner(model.OnnxPath, model.Definition);

        (float[] torchProbabilities, float[] torchScores) = model.ScoreWithTorch(batch);
        float[] probabilities = new float[batch.Count * 2];
        float[] scores = new float[batch.Count];
        scorer.Score(batch, probabilities, scores);
        (float[] onnxProbabilities, float[] onnxScores) = onnx.Score(batch);

        var agreement = new Agreement();
        agreement.AssertClose(torchProbabilities, probabilities, $"scorer probability, {what}");
        agreement.AssertClose(torchScores, scores, $"scorer score, {what}");
        agreement.AssertClose(torchProbabilities, onnxProbabilities, $"ONNX probability, {what}");
        agreement.AssertClose(torchScores, onnxScores, $"ONNX score, {what}");
        output.WriteLine($"{what}: max abs {agreement.MaxAbsolute:E2}, max rel {agreement.MaxRelative:E2}");
        return (probabilities, scores);
    }
}
