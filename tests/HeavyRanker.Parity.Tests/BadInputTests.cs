using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Runtime.Onnx;

namespace HeavyRanker.Parity.Tests;

/// <summary>Checkpoints of another spec, truncated files, and the explicit product of the task probabilities.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("parity-bad-").FullName;

    [Fact]
    public void ScorerRejectsOtherSpecCheckpoint()
    {
        var other = new SyntheticDefinition(blocks: new[] { new BlockDefinition(8, 3, 2, 1, "relu", false) });
        string path = Path.Combine(_folder, "other.safetensors");
        CheckpointFile.Save(path, ConstantCheckpoint(other, new[] { 0f, 0f }));

        CheckpointException exception = Assert.Throws<CheckpointException>(() => ClemNetScorer.Load(path, new SyntheticDefinition()));

        Assert.Contains("towers.0.blocks", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExporterRejectsOtherSpecCheckpoint()
    {
        var other = new SyntheticDefinition(blocks: new[] { new BlockDefinition(8, 3, 2, 1, "relu", false) });
        Checkpoint checkpoint = ConstantCheckpoint(other, new[] { 0f, 0f });

        Assert.Throws<CheckpointException>(() => OnnxExporter.Export(new SyntheticDefinition(), checkpoint, Path.Combine(_folder, "model.onnx")));
        Assert.False(File.Exists(Path.Combine(_folder, "model.onnx")));
    }

    [Fact]
    public void ScorerRejectsTruncatedFile()
    {
        var definition = new SyntheticDefinition();
        string path = Path.Combine(_folder, "model.safetensors");
        CheckpointFile.Save(path, ConstantCheckpoint(definition, new[] { 0f, 0f }));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        CheckpointException exception = Assert.Throws<CheckpointException>(() => ClemNetScorer.Load(path, definition));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5f, 0.2f, 0.5f, 0.1f)]
    [InlineData(0f, 0.7f, 0f, 0f)]
    public void ProbabilitiesAreProductOfSigmoids(float first, float second, float expectedFirst, float expectedSecond)
    {
        var definition = new SyntheticDefinition();
        Checkpoint checkpoint = ConstantCheckpoint(definition, new[] { Logit(first), Logit(second) });
        string onnxPath = Path.Combine(_folder, "constant.onnx");
        OnnxExporter.Export(definition, checkpoint, onnxPath);
        FeatureBatch batch = definition.RandomBatch(3, new Random(1));

        var scorer = new ClemNetScorer(definition, checkpoint);
        float[] probabilities = new float[6];
        float[] scores = new float[3];
        scorer.Score(batch, probabilities, scores);
        using var onnx = new OnnxRunner(onnxPath, definition);
        (float[] onnxProbabilities, float[] onnxScores) = onnx.Score(batch);

        for (int row = 0; row < 3; row++)
        {
            Assert.Equal(expectedFirst, probabilities[row * 2], 6);
            Assert.Equal(expectedSecond, probabilities[(row * 2) + 1], 6);
            Assert.Equal(expectedFirst, onnxProbabilities[row * 2], 6);
            Assert.Equal(expectedSecond, onnxProbabilities[(row * 2) + 1], 6);
            Assert.Equal((0.9f * expectedFirst) + (0.1f * expectedSecond), scores[row], 6);
            Assert.Equal((0.9f * expectedFirst) + (0.1f * expectedSecond), onnxScores[row], 6);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Returns the logit of <paramref name="probability"/>, with −200 standing in for the logit of 0.</summary>
    private static float Logit(float probability) => probability == 0 ? -200f : (float)Math.Log(probability / (1.0 - probability));

    /// <summary>Builds a checkpoint whose towers ignore their input: every kernel is 0 and tower t's logit bias is <paramref name="logits"/>[t].</summary>
    private static Checkpoint ConstantCheckpoint(IModelDefinition definition, float[] logits)
    {
        var tensors = new List<CheckpointTensor>();
        foreach (TensorShape shape in definition.Tensors)
        {
            float[] data = new float[shape.ElementCount];
            if (shape.Name.EndsWith(".running_var", StringComparison.Ordinal) || shape.Name.EndsWith("norm.weight", StringComparison.Ordinal)
                || shape.Name.EndsWith(".renorm_stddev", StringComparison.Ordinal))
            {
                Array.Fill(data, 1f);
            }

            for (int tower = 0; tower < logits.Length; tower++)
            {
                if (shape.Name == ClemNetLayout.Tower(tower) + ".logits.bias")
                {
                    data[0] = logits[tower];
                }
            }

            tensors.Add(new CheckpointTensor(shape.Name, shape.Shape, data));
        }

        return new Checkpoint(tensors, CheckpointMetadata.Create(definition, 0));
    }
}
