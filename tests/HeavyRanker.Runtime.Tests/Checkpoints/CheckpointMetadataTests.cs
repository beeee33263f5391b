using HeavyRanker.Runtime.Checkpoints;

namespace HeavyRanker.Runtime.Tests.Checkpoints;

public class CheckpointMetadataTests
{
    [Fact]
    public void Create_FromDefinition()
    {
        var definition = new TestModelDefinition();

        Dictionary<string, string> metadata = CheckpointMetadata.Create(definition, step: 42);

        Assert.Equal("heavyranker-clemnet-1", metadata["format"]);
        Assert.Equal("TestRanker", metadata["model_name"]);
        Assert.Equal("0123456789abcdef", metadata["spec_hash"]);
        Assert.Equal("[\"user.age\",\"user.followers\"]", metadata["continuous_features"]);
        Assert.Equal("[\"user.verified\"]", metadata["binary_features"]);
        Assert.Equal("42", metadata["step"]);
    }

    [Fact]
    public void Getters_ReadCreatedValues()
    {
        string[] continuous = { "a", "b \"quoted\"", "caf\u00E9", "x<y>&z" };
        Dictionary<string, string> metadata = CheckpointMetadata.Create("Model", "hash", continuous, Array.Empty<string>(), 9_000_000_000L);

        Assert.Equal(continuous, CheckpointMetadata.GetContinuousFeatures(metadata));
        Assert.Empty(CheckpointMetadata.GetBinaryFeatures(metadata));
        Assert.Equal(9_000_000_000L, CheckpointMetadata.GetStep(metadata));
        Assert.Equal("Model", CheckpointMetadata.GetModelName(metadata));
        Assert.Equal("hash", CheckpointMetadata.GetSpecHash(metadata));
        Assert.Equal(CheckpointMetadata.FormatVersion, CheckpointMetadata.GetFormat(metadata));
    }

    [Fact]
    public void Metadata_SurvivesFileRoundTrip()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model.safetensors");
        string[] names = { "\u00FCber", "tab\there" };
        var checkpoint = new Checkpoint(Array.Empty<CheckpointTensor>(), CheckpointMetadata.Create("M", "h", names, names, 3));

        CheckpointFile.Save(path, checkpoint);
        Checkpoint loaded = CheckpointFile.Load(path);

        Assert.Equal(names, CheckpointMetadata.GetContinuousFeatures(loaded.Metadata));
        Assert.Equal(names, CheckpointMetadata.GetBinaryFeatures(loaded.Metadata));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData(" 7")]
    public void GetStep_RejectsInvalid(string step)
    {
        var metadata = new Dictionary<string, string> { ["step"] = step };

        var exception = Assert.Throws<InvalidDataException>(() => CheckpointMetadata.GetStep(metadata));

        Assert.Contains($"'step' is '{step}'", exception.Message);
    }

    [Fact]
    public void Getters_RejectMissingKey()
    {
        var metadata = new Dictionary<string, string>();

        var exception = Assert.Throws<InvalidDataException>(() => CheckpointMetadata.GetModelName(metadata));

        Assert.Contains("no 'model_name' entry", exception.Message);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"a\": 1}")]
    [InlineData("[\"a\", null]")]
    [InlineData("null")]
    [InlineData("not json")]
    public void DecodeNames_RejectsNonStringArrays(string json)
    {
        Assert.Throws<InvalidDataException>(() => CheckpointMetadata.DecodeNames(json));
    }

    [Fact]
    public void Create_RejectsNegativeStep()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckpointMetadata.Create("M", "h", Array.Empty<string>(), Array.Empty<string>(), -1));
    }
}
