using System.Buffers.Binary;
using System.Text;
using HeavyRanker.Runtime.Checkpoints;

namespace HeavyRanker.Runtime.Tests.Checkpoints;

public class CheckpointLoadRejectionTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_FileShorterThanLengthPrefix()
    {
        CheckpointException exception = LoadInvalid(new byte[] { 1, 2, 3, 4, 5 });

        Assert.Contains("5 bytes long", exception.Message);
        Assert.Contains("8-byte header length", exception.Message);
        Assert.Equal(0, exception.ByteOffset);
    }

    [Fact]
    public void Load_HeaderLengthOverLimit()
    {
        byte[] file = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 200_000_000);

        CheckpointException exception = LoadInvalid(file);

        Assert.Contains("200000000", exception.Message);
        Assert.Contains("100000000-byte limit", exception.Message);
        Assert.Equal(0, exception.ByteOffset);
    }

    [Fact]
    public void Load_HeaderLengthPastFileEnd()
    {
        byte[] file = new byte[8 + 50];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1000);

        CheckpointException exception = LoadInvalid(file);

        Assert.Contains("header length at byte 0 is 1000", exception.Message);
        Assert.Contains("only 50 bytes follow", exception.Message);
    }

    [Fact]
    public void Load_HeaderLengthHugeUnsigned()
    {
        byte[] file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);

        CheckpointException exception = LoadInvalid(file);

        Assert.Contains(ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message);
    }

    [Fact]
    public void Load_HeaderInvalidUtf8()
    {
        byte[] header = Encoding.UTF8.GetBytes("{\"__metadata__\":{\"k\":\"v?\"}}");
        int badIndex = Array.IndexOf(header, (byte)'?');
        header[badIndex] = 0xFF;

        CheckpointException exception = LoadInvalid(SafetensorsBytes.Assemble(header, Array.Empty<byte>()));

        Assert.Contains("invalid UTF-8", exception.Message);
        Assert.Contains($"file byte {8 + badIndex}", exception.Message);
        Assert.Equal(8 + badIndex, exception.ByteOffset);
    }

    [Fact]
    public void Load_HeaderNotJson()
    {
        CheckpointException exception = LoadInvalid(SafetensorsBytes.Assemble("{\"w\": {not json", Array.Empty<byte>()));

        Assert.Contains("not valid JSON", exception.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(exception.InnerException);
    }

    [Fact]
    public void Load_HeaderNotObject()
    {
        CheckpointException exception = LoadInvalid(SafetensorsBytes.Assemble("[1, 2]", Array.Empty<byte>()));

        Assert.Contains("JSON Array", exception.Message);
        Assert.Contains("must be an object", exception.Message);
    }

    [Fact]
    public void Load_MissingDtype()
    {
        CheckpointException exception = LoadInvalid("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", SafetensorsBytes.Floats(1f));

        Assert.Contains("tensor 'w' has no 'dtype'", exception.Message);
        Assert.Equal("w", exception.TensorName);
    }

    [Fact]
    public void Load_MissingShape()
    {
        CheckpointException exception = LoadInvalid("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", SafetensorsBytes.Floats(1f));

        Assert.Contains("tensor 'w' has no 'shape'", exception.Message);
    }

    [Fact]
    public void Load_MissingDataOffsets()
    {
        CheckpointException exception = LoadInvalid("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", SafetensorsBytes.Floats(1f));

        Assert.Contains("tensor 'w' has no 'data_offsets'", exception.Message);
    }

    [Fact]
    public void Load_EntryNotObject()
    {
        CheckpointException exception = LoadInvalid("{\"w\":[1,2]}", Array.Empty<byte>());

        Assert.Contains("header entry of tensor 'w'", exception.Message);
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    [InlineData("F64")]
    [InlineData("I64")]
    public void Load_DtypeOtherThanF32(string dtype)
    {
        string header = "{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,4]}}";

        CheckpointException exception = LoadInvalid(header, SafetensorsBytes.Floats(1f));

        Assert.Contains($"tensor 'w' has dtype {dtype}", exception.Message);
        Assert.Contains("only F32 is supported", exception.Message);
        Assert.Equal("w", exception.TensorName);
    }

    [Fact]
    public void Load_DtypeNotString()
    {
        CheckpointException exception = LoadInvalid("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", SafetensorsBytes.Floats(1f));

        Assert.Contains("'dtype' that is a JSON Number", exception.Message);
    }

    [Theory]
    [InlineData("[-1]")]
    [InlineData("[1.5]")]
    [InlineData("[\"2\"]")]
    [InlineData("[3000000000]")]
    public void Load_InvalidShapeDimension(string shape)
    {
        CheckpointException exception = LoadInvalid("{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,4]}}", SafetensorsBytes.Floats(1f));

        Assert.Contains("tensor 'w' has an invalid dimension", exception.Message);
        Assert.Contains("shape index 0", exception.Message);
    }

    [Fact]
    public void Load_ShapeNotArray()
    {
        CheckpointException exception = LoadInvalid("{\"w\":{\"dtype\":\"F32\",\"shape\":4,\"data_offsets\":[0,4]}}", SafetensorsBytes.Floats(1f));

        Assert.Contains("'shape' that is a JSON Number", exception.Message);
    }

    [Theory]
    [InlineData("[0]")]
    [InlineData("[0,4,8]")]
    [InlineData("[-4,0]")]
    [InlineData("[\"0\",\"4\"]")]
    [InlineData("{\"begin\":0}")]
    [InlineData("[0,1e30]")]
    public void Load_MalformedDataOffsets(string offsets)
    {
        CheckpointException exception = LoadInvalid("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}", SafetensorsBytes.Floats(1f));

        Assert.Contains("tensor 'w' has data_offsets", exception.Message);
        Assert.Contains("must be two integers", exception.Message);
    }

    [Fact]
    public void Load_BeginAfterEnd()
    {
        CheckpointException exception = LoadInvalid("{" + SafetensorsBytes.Entry("w", "[1]", 8, 4) + "}", SafetensorsBytes.Floats(1f, 2f));

        Assert.Contains("tensor 'w' has data_offsets [8, 4] whose begin is after its end", exception.Message);
    }

    [Fact]
    public void Load_SizeDiffersFromShape()
    {
        CheckpointException exception = LoadInvalid("{" + SafetensorsBytes.Entry("w", "[3]", 0, 8) + "}", SafetensorsBytes.Floats(1f, 2f));

        Assert.Contains("tensor 'w' has data_offsets [0, 8], which cover 8 bytes", exception.Message);
        Assert.Contains("shape [3] of F32 needs 12", exception.Message);
    }

    [Fact]
    public void Load_OffsetsOutOfRange()
    {
        // The tensor starts at data byte 100 of a 4-byte data section.
        CheckpointException exception = LoadInvalid("{" + SafetensorsBytes.Entry("w", "[1]", 100, 104) + "}", SafetensorsBytes.Floats(1f));

        Assert.Contains("tensor 'w' has data_offsets [100, 104] out of range", exception.Message);
        Assert.Contains("4 bytes long", exception.Message);
        Assert.Equal("w", exception.TensorName);
    }

    [Fact]
    public void Load_OverlappingTensors()
    {
        string header = "{" + SafetensorsBytes.Entry("a", "[2]", 0, 8) + "," + SafetensorsBytes.Entry("b", "[2]", 4, 12) + "}";

        CheckpointException exception = LoadInvalid(header, SafetensorsBytes.Floats(1f, 2f, 3f));

        Assert.Contains("tensor 'b' (data_offsets [4, 12]) overlaps tensor 'a' (data_offsets [0, 8])", exception.Message);
        Assert.Equal("b", exception.TensorName);
        Assert.Equal(8 + HeaderLength(header) + 4, exception.ByteOffset);
    }

    [Fact]
    public void Load_DuplicateRanges()
    {
        string header = "{" + SafetensorsBytes.Entry("a", "[1]", 0, 4) + "," + SafetensorsBytes.Entry("b", "[1]", 0, 4) + "}";

        CheckpointException exception = LoadInvalid(header, SafetensorsBytes.Floats(1f));

        Assert.Contains("overlaps", exception.Message);
    }

    [Fact]
    public void Load_GapBetweenTensors()
    {
        string header = "{" + SafetensorsBytes.Entry("a", "[2]", 0, 8) + "," + SafetensorsBytes.Entry("b", "[2]", 12, 20) + "}";

        CheckpointException exception = LoadInvalid(header, SafetensorsBytes.Floats(1f, 2f, 0f, 3f, 4f));

        Assert.Contains("data bytes 8 to 12", exception.Message);
        Assert.Contains("belong to no tensor", exception.Message);
        Assert.Contains("tensor 'b'", exception.Message);
        Assert.Equal(8 + HeaderLength(header) + 8, exception.ByteOffset);
    }

    [Fact]
    public void Load_TrailingBytes()
    {
        string header = "{" + SafetensorsBytes.Entry("a", "[2]", 0, 8) + "}";

        CheckpointException exception = LoadInvalid(header, SafetensorsBytes.Floats(1f, 2f, 3f));

        Assert.Contains("4 bytes from file byte", exception.Message);
        Assert.Contains("follow the last tensor", exception.Message);
        Assert.Equal(8 + HeaderLength(header) + 8, exception.ByteOffset);
    }

    [Fact]
    public void Load_TruncatedData()
    {
        string path = _folder.File("cut.safetensors");
        CheckpointFile.Save(path, new Checkpoint(new[]
        {
            new CheckpointTensor("a", new[] { 2 }, new[] { 1f, 2f }),
            new CheckpointTensor("b", new[] { 3 }, new[] { 3f, 4f, 5f }),
        }));
        byte[] full = File.ReadAllBytes(path);
        File.WriteAllBytes(path, full[..^6]);

        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));

        Assert.Contains(path, exception.Message);
        Assert.Contains("the file is truncated", exception.Message);
        Assert.Contains("tensor 'b'", exception.Message);
        Assert.Contains($"the file ends at byte {full.Length - 6}", exception.Message);
        Assert.Equal("b", exception.TensorName);
    }

    [Fact]
    public void Load_DuplicateTensorName()
    {
        string header = "{" + SafetensorsBytes.Entry("w", "[1]", 0, 4) + "," + SafetensorsBytes.Entry("w", "[1]", 4, 8) + "}";

        CheckpointException exception = LoadInvalid(header, SafetensorsBytes.Floats(1f, 2f));

        Assert.Contains("lists 'w' more than once", exception.Message);
    }

    [Fact]
    public void Load_MetadataValueNotString()
    {
        CheckpointException exception = LoadInvalid("{\"__metadata__\":{\"step\":7}}", Array.Empty<byte>());

        Assert.Contains("metadata entry 'step' is a JSON Number", exception.Message);
    }

    [Fact]
    public void Load_MetadataNotObject()
    {
        CheckpointException exception = LoadInvalid("{\"__metadata__\":\"x\"}", Array.Empty<byte>());

        Assert.Contains("'__metadata__' is a JSON String", exception.Message);
    }

    [Fact]
    public void Load_MessageNamesFile()
    {
        string path = _folder.File("named.safetensors");
        File.WriteAllBytes(path, new byte[3]);

        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));

        Assert.StartsWith($"Invalid checkpoint '{path}': ", exception.Message);
        Assert.Equal(path, exception.FilePath);
        Assert.IsAssignableFrom<IOException>(exception);
    }

    private CheckpointException LoadInvalid(string header, byte[] data) => LoadInvalid(SafetensorsBytes.Assemble(header, data));

    private CheckpointException LoadInvalid(byte[] file)
    {
        string path = _folder.File("invalid.safetensors");
        File.WriteAllBytes(path, file);

        var exception = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));

        Assert.Contains(path, exception.Message);
        return exception;
    }

    private static int HeaderLength(string header) => Encoding.UTF8.GetByteCount(header);
}
