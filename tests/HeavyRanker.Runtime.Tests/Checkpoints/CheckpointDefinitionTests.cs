using HeavyRanker.Runtime.Checkpoints;

namespace HeavyRanker.Runtime.Tests.Checkpoints;

public class CheckpointDefinitionTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly TestModelDefinition _definition = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_MatchingCheckpoint()
    {
        Checkpoint saved = _definition.CreateCheckpoint(step: 1234);
        string path = Save(saved);

        Checkpoint loaded = CheckpointFile.Load(path, _definition);

        Assert.Equal(_definition.Tensors.Select(tensor => tensor.Name), loaded.Tensors.Select(tensor => tensor.Name));
        Assert.Equal(1234, CheckpointMetadata.GetStep(loaded.Metadata));
        Assert.Equal(saved["towers.1.logits.weight"].Data, loaded["towers.1.logits.weight"].Data);
    }

    [Fact]
    public void Load_MissingTensor()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        string path = Save(new Checkpoint(full.Tensors.Where(tensor => tensor.Name != "towers.0.blocks.1.dense.bias"), full.Metadata));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("tensor 'towers.0.blocks.1.dense.bias' with shape [2, 2]", exception.Message);
        Assert.Contains("is missing", exception.Message);
        Assert.Equal("towers.0.blocks.1.dense.bias", exception.TensorName);
    }

    [Fact]
    public void Load_ShapeMismatch()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        string name = "features.sparse_not_continuous.weight";
        IEnumerable<CheckpointTensor> tensors = full.Tensors.Select(tensor =>
            tensor.Name == name ? new CheckpointTensor(name, new[] { 32, 3 }, new float[96]) : tensor);
        string path = Save(new Checkpoint(tensors, full.Metadata));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains($"tensor '{name}' has shape [32, 3]", exception.Message);
        Assert.Contains("expects [16, 3]", exception.Message);
        Assert.Equal(name, exception.TensorName);
    }

    [Fact]
    public void Load_OtherModelNamed()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        var metadata = new Dictionary<string, string>(full.Metadata) { [CheckpointMetadata.ModelNameKey] = "OtherRanker" };
        string path = Save(new Checkpoint(full.Tensors.Where(tensor => tensor.Name != "towers.0.logits.bias"), metadata));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("it was written for model 'OtherRanker', not 'TestRanker', and does not fit: ", exception.Message);
        Assert.Contains("tensor 'towers.0.logits.bias'", exception.Message);
        Assert.Equal("towers.0.logits.bias", exception.TensorName);
    }

    [Fact]
    public void Load_RenamedModelStillFits()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        var metadata = new Dictionary<string, string>(full.Metadata) { [CheckpointMetadata.ModelNameKey] = "OldName" };
        string path = Save(new Checkpoint(full.Tensors, metadata));

        Checkpoint loaded = CheckpointFile.Load(path, _definition);

        Assert.Equal(full.Tensors.Count, loaded.Tensors.Count);
    }

    [Fact]
    public void Load_UnexpectedTensor()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        string path = Save(new Checkpoint(full.Tensors.Append(new CheckpointTensor("towers.2.logits.bias", new[] { 1 }, new[] { 0f })), full.Metadata));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("tensor 'towers.2.logits.bias' is not part of model 'TestRanker'", exception.Message);
        Assert.Equal("towers.2.logits.bias", exception.TensorName);
    }

    [Fact]
    public void Load_ContinuousFeatureAdded()
    {
        var trainedFor = new TestModelDefinition(continuousFeatures: new[] { "user.age" });
        string path = Save(trainedFor.CreateCheckpoint());

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("continuous features", exception.Message);
        Assert.Contains("feature 'user.followers' is in the model but not in the checkpoint", exception.Message);
        Assert.Contains("warm-start", exception.Message);
    }

    [Fact]
    public void Load_ContinuousFeatureRemoved()
    {
        var trainedFor = new TestModelDefinition(continuousFeatures: new[] { "user.age", "user.followers", "user.tweets" });
        string path = Save(trainedFor.CreateCheckpoint());

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("feature 'user.tweets' is in the checkpoint but not in the model", exception.Message);
        Assert.Contains("warm-start", exception.Message);
    }

    [Fact]
    public void Load_ContinuousFeaturesReordered()
    {
        // Same widths, so only the metadata check can catch this.
        var trainedFor = new TestModelDefinition(continuousFeatures: new[] { "user.followers", "user.age" });
        string path = Save(trainedFor.CreateCheckpoint());

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("position 0 is 'user.followers' in the checkpoint but 'user.age' in the model", exception.Message);
        Assert.Contains("warm-start", exception.Message);
    }

    [Fact]
    public void Load_BinaryFeatureRenamed()
    {
        var trainedFor = new TestModelDefinition(binaryFeatures: new[] { "user.is_verified" });
        string path = Save(trainedFor.CreateCheckpoint());

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("binary features", exception.Message);
        Assert.Contains("'user.verified' is in the model but not in the checkpoint", exception.Message);
    }

    [Fact]
    public void Load_MissingFeatureMetadata()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        var metadata = full.Metadata.Where(pair => pair.Key != CheckpointMetadata.BinaryFeaturesKey).ToDictionary();
        string path = Save(new Checkpoint(full.Tensors, metadata));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("no 'binary_features' entry", exception.Message);
        Assert.IsType<InvalidDataException>(exception.InnerException);
    }

    [Fact]
    public void Load_MalformedFeatureMetadata()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        var metadata = full.Metadata.ToDictionary();
        metadata[CheckpointMetadata.ContinuousFeaturesKey] = "user.age,user.followers";
        string path = Save(new Checkpoint(full.Tensors, metadata));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("'continuous_features' is invalid", exception.Message);
    }

    [Fact]
    public void Load_OtherFormatTag()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        var metadata = full.Metadata.ToDictionary();
        metadata[CheckpointMetadata.FormatKey] = "pt";
        string path = Save(new Checkpoint(full.Tensors, metadata));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("'format' is 'pt'", exception.Message);
        Assert.Contains("heavyranker-clemnet-1", exception.Message);
    }

    [Fact]
    public void Load_WithoutMetadata()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        string path = Save(new Checkpoint(full.Tensors));

        CheckpointException exception = LoadInvalid(path);

        Assert.Contains("no 'format' entry", exception.Message);
    }

    [Fact]
    public void Load_IgnoresSpecHash()
    {
        Checkpoint full = _definition.CreateCheckpoint();
        var metadata = full.Metadata.ToDictionary();
        metadata[CheckpointMetadata.SpecHashKey] = "different";
        string path = Save(new Checkpoint(full.Tensors, metadata));

        Checkpoint loaded = CheckpointFile.Load(path, _definition);

        Assert.Equal("different", CheckpointMetadata.GetSpecHash(loaded.Metadata));
    }

    private string Save(Checkpoint checkpoint)
    {
        string path = _folder.File("model.safetensors");
        CheckpointFile.Save(path, checkpoint);
        return path;
    }

    private CheckpointException LoadInvalid(string path)
    {
        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path, _definition));

        Assert.Contains(path, exception.Message);
        return exception;
    }
}
