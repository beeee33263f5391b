using HeavyRanker.Parity.Tests.AliExpressModel;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using Xunit.Abstractions;

namespace HeavyRanker.Parity.Tests;

/// <summary>
/// Every AliExpress test row scored by the TorchSharp network in evaluation mode, the scorer
/// and ONNX Runtime on the exported model, at several batch sizes.
/// </summary>
public sealed class ThreePathParityTests(AliExpressFixture fixture, ITestOutputHelper output) : IClassFixture<AliExpressFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(256)]
    public void AllPathsAgreeOnTestRows(int batchSize)
    {
        TrainedModel model = fixture.Model;
        ClemNetScorer scorer = ClemNetScorer.Load(model.CheckpointPath, model.Definition);
        using var onnx = new OnnxRunner(model.OnnxPath, model.Definition);
        var scorerAgreement = new Agreement();
        var onnxAgreement = new Agreement();
        AliExpressRecord[] records = fixture.TestRecords;
        int tasks = model.Definition.Tasks.Count;

        for (int start = 0; start < records.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, records.Length - start);
            FeatureBatch batch = FeatureBatch.For(AliExpressDefinition.Instance, count);
            AliExpressFeatureExtractor.Instance.Extract(records.AsSpan(start, count), batch);

            (float[] torchProbabilities, float[] torchScores) = model.ScoreWithTorch(batch);
            float[] probabilities = new float[count * tasks];
            float[] scores = new float[count];
            scorer.Score(batch, probabilities, scores);
            (float[] onnxProbabilities, float[] onnxScores) = onnx.Score(batch);

            string rows = $"rows {start}..{start + count - 1}";
            scorerAgreement.AssertClose(torchProbabilities, probabilities, $"scorer probability, {rows}");
            scorerAgreement.AssertClose(torchScores, scores, $"scorer score, {rows}");
            onnxAgreement.AssertClose(torchProbabilities, onnxProbabilities, $"ONNX probability, {rows}");
            onnxAgreement.AssertClose(torchScores, onnxScores, $"ONNX score, {rows}");
        }

        output.WriteLine($"batch {batchSize}: scorer vs torch max abs {scorerAgreement.MaxAbsolute:E2} rel {scorerAgreement.MaxRelative:E2}; ONNX vs torch max abs {onnxAgreement.MaxAbsolute:E2} rel {onnxAgreement.MaxRelative:E2}");
    }

    [Fact]
    public void ProbabilitiesAreNotConstant()
    {
        // Guards the parity test itself: agreement on a model that ignores its input proves little.
        TrainedModel model = fixture.Model;
        FeatureBatch batch = FeatureBatch.For(AliExpressDefinition.Instance, fixture.TestRecords.Length);
        AliExpressFeatureExtractor.Instance.Extract(fixture.TestRecords, batch);
        (float[] probabilities, _) = model.ScoreWithTorch(batch);

        Assert.True(probabilities.Distinct().Count() > 50, $"Only {probabilities.Distinct().Count()} distinct probabilities.");
    }

    [Fact]
    public void GeneratedScorerMatchesLibraryScorer()
    {
        TrainedModel model = fixture.Model;
        ClemNetScorer library = ClemNetScorer.Load(model.CheckpointPath, model.Definition);
        AliExpressScorer generated = AliExpressScorer.Load(model.CheckpointPath);
        AliExpressRecord[] records = fixture.TestRecords;
        FeatureBatch batch = FeatureBatch.For(AliExpressDefinition.Instance, records.Length);
        AliExpressFeatureExtractor.Instance.Extract(records, batch);
        float[] expectedProbabilities = new float[records.Length * AliExpressScorer.TaskCount];
        float[] expectedScores = new float[records.Length];
        library.Score(batch, expectedProbabilities, expectedScores);

        float[] probabilities = new float[records.Length * AliExpressScorer.TaskCount];
        float[] scores = new float[records.Length];
        generated.Score(records, probabilities, scores);
        float[] one = new float[AliExpressScorer.TaskCount];
        float firstScore = generated.Score(records[0], one);

        Assert.Equal(expectedProbabilities, probabilities);
        Assert.Equal(expectedScores, scores);
        Assert.Equal(expectedScores[0], firstScore);
        Assert.Equal(expectedProbabilities.AsSpan(0, AliExpressScorer.TaskCount).ToArray(), one);
    }

    [Fact]
    public void ScorerOneRecordMatchesBatch()
    {
        TrainedModel model = fixture.Model;
        ClemNetScorer scorer = ClemNetScorer.Load(model.CheckpointPath, model.Definition);
        FeatureBatch batch = FeatureBatch.For(AliExpressDefinition.Instance, fixture.TestRecords.Length);
        AliExpressFeatureExtractor.Instance.Extract(fixture.TestRecords, batch);
        float[] probabilities = new float[batch.Count * 2];
        float[] scores = new float[batch.Count];
        scorer.Score(batch, probabilities, scores);

        float[] one = new float[2];
        for (int row = 0; row < batch.Count; row++)
        {
            float score = scorer.Score(batch, row, one);
            Assert.Equal(scores[row], score);
            Assert.Equal(probabilities.AsSpan(row * 2, 2).ToArray(), one);
        }
    }
}
