using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Tests.AllTypesModel;

namespace HeavyRanker.Generated.Tests;

/// <summary>The generated AllTypes definition against values worked out from the spec.</summary>
public sealed class DefinitionTests
{
    private static readonly IModelDefinition Definition = AllTypesDefinition.Instance;

    [Fact]
    public void WidthsFollowSpec()
    {
        Assert.Equal(4, Definition.ContinuousFeatures.Count);
        Assert.Equal(3, Definition.BinaryFeatures.Count);
        Assert.True(Definition.HasSparseNotContinuous);
        Assert.True(Definition.HasSparseContinuous);
        Assert.Equal(12, Definition.SparseBits);
        Assert.Equal(4, Definition.EmbeddingSize);

        // F = Nc + Nb + 2E.
        Assert.Equal(4 + 3 + (2 * 4), Definition.InputWidth);
        Assert.Equal(AllTypesDefinition.InputWidth, Definition.InputWidth);
    }

    [Fact]
    public void FeaturesInSpecOrder()
    {
        Assert.Equal(17, Definition.Features.Count);
        Assert.Equal(new[] { "user.age", "user.open_rate", "user.sessions", "tweet.score" }, Definition.ContinuousFeatures);
        Assert.Equal(new[] { "user.is_verified", "user.push_enabled", "edge.follows" }, Definition.BinaryFeatures);

        FeatureDefinition age = Definition.Features[0];
        Assert.Equal(new FeatureDefinition("user.age", FeatureType.Continuous, "user_age", 1589670941332718913L, "UserAge", false, null), age);
        FeatureDefinition userId = Definition.Features.Single(feature => feature.Name == "meta.user_id#v2");
        Assert.Equal(-6708668741826936518L, userId.FeatureId);
        Assert.Equal("-3", userId.Default);
    }

    [Fact]
    public void TasksCarryScoreWeights()
    {
        Assert.Equal(new[] { "open", "engage", "share" }, Definition.Tasks.Select(task => task.Name));
        Assert.Equal(new[] { "label", "label.engagement", "label.share" }, Definition.Tasks.Select(task => task.LabelColumn));
        Assert.Equal(new[] { 0.5, 0.5, 0.0 }, Definition.Tasks.Select(task => task.ScoreWeight));
        Assert.Equal("label.ntabDislike", Definition.DislikeColumn);
        Assert.Equal("weight", Definition.WeightColumn);
    }

    [Fact]
    public void SpecHashIsSha256OfJson()
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(Definition.SpecJson));

        Assert.Equal(Convert.ToHexStringLower(digest), Definition.SpecHash);
    }

    [Fact]
    public void SpecJsonIsResolvedSpec()
    {
        using JsonDocument document = JsonDocument.Parse(Definition.SpecJson);
        JsonElement root = document.RootElement;

        Assert.Equal("AllTypes", root.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(17, root.GetProperty("features").GetArrayLength());
        Assert.Equal(0.05, root.GetProperty("features")[1].GetProperty("default").GetDouble());
        Assert.Equal(1e-5, root.GetProperty("training").GetProperty("early_stopping").GetProperty("tolerance").GetDouble());
        Assert.DoesNotContain("\r", Definition.SpecJson, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorsMatchLayout()
    {
        IReadOnlyList<TensorShape> expected = ClemNetLayout.Tensors(
            4,
            3,
            hasSparseNotContinuous: true,
            hasSparseContinuous: true,
            sparseBits: 12,
            embeddingSize: 4,
            taskCount: 3,
            Definition.Architecture.Blocks.Select(block => new ClemNetBlockShape(block.DenseUnits, block.ConvKernel, block.ConvFilters, block.ConvStride, block.Residual)).ToList(),
            Definition.Architecture.TopHiddenUnits);

        Assert.Equal(expected.Select(tensor => tensor.Name), Definition.Tensors.Select(tensor => tensor.Name));
        Assert.Equal(expected.Select(tensor => tensor.Shape), Definition.Tensors.Select(tensor => tensor.Shape));
        Assert.Equal(expected.Select(tensor => tensor.Trainable), Definition.Tensors.Select(tensor => tensor.Trainable));
    }

    [Fact]
    public void TensorShapesByHand()
    {
        Dictionary<string, int[]> shapes = Definition.Tensors.ToDictionary(tensor => tensor.Name, tensor => tensor.Shape);

        Assert.Equal(new[] { 4096, 4 }, shapes["features.sparse_not_continuous.weight"]);
        Assert.Equal(new[] { 1, 15, 16 }, shapes["towers.0.blocks.0.dense.weight"]);
        Assert.Equal(new[] { 2, 1, 3 }, shapes["towers.0.blocks.0.conv.weight"]);
        Assert.Equal(new[] { 2, 2, 1 }, shapes["towers.1.blocks.1.residual.weight"]);

        // Block 2 halves the length (stride 2, SAME): 16 → 8, with 3 filters, so the top layer takes 24 inputs.
        Assert.Equal(new[] { 8 }, shapes["towers.2.blocks.2.conv_norm.weight"]);
        Assert.Equal(new[] { 8, 24 }, shapes["towers.2.top.0.weight"]);
        Assert.Equal(new[] { 1, 8 }, shapes["towers.2.logits.weight"]);
        Assert.Equal(AllTypesDefinition.ParameterCount, Definition.Tensors.Sum(tensor => tensor.ElementCount));
    }

    [Fact]
    public void ArchitectureAndTrainingResolved()
    {
        Assert.Equal("clemnet", Definition.Architecture.ModelType);
        Assert.Equal(new BlockDefinition(null, 5, 3, 2, "linear", false), Definition.Architecture.Blocks[2]);
        Assert.Equal(new[] { 8 }, Definition.Architecture.TopHiddenUnits);
        Assert.Equal(new TrainingDefinition("adam", 0.001, 64, 2, 100, "roc_auc", 3, 1e-5, 7), Definition.Training);
    }
}
