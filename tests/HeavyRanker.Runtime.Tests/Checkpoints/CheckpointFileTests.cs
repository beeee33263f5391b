using System.Buffers.Binary;
using System.Diagnostics;
using HeavyRanker.Runtime.Checkpoints;
using Xunit.Abstractions;

namespace HeavyRanker.Runtime.Tests.Checkpoints;

public class CheckpointFileTests
{
    private readonly ITestOutputHelper _output;

    public CheckpointFileTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void RoundTrip_IsBitExact()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model.safetensors");
        float[] special =
        {
            BitConverter.Int32BitsToSingle(0x7FC00001), // quiet NaN with a payload
            BitConverter.Int32BitsToSingle(0x7F800001), // signalling NaN
            BitConverter.Int32BitsToSingle(unchecked((int)0xFFC12345)), // negative NaN with a payload
            -0f,
            0f,
            float.PositiveInfinity,
            float.NegativeInfinity,
            float.Epsilon,
            float.MaxValue,
            -1.5f,
            1e-38f,
            3.14159274f,
        };
        var original = new Checkpoint(
            new[]
            {
                new CheckpointTensor("special", new[] { 3, 4 }, special),
                new CheckpointTensor("scalar", Array.Empty<int>(), new[] { 42f }),
                new CheckpointTensor("empty", new[] { 0, 3 }, Array.Empty<float>()),
                new CheckpointTensor("odd", new[] { 1, 3 }, new[] { 1f, 2f, 3f }),
            },
            new Dictionary<string, string> { ["note"] = "caf\u00E9 \"quoted\"", ["step"] = "7" });

        CheckpointFile.Save(path, original);
        Checkpoint loaded = CheckpointFile.Load(path);

        Assert.Equal(new[] { "special", "scalar", "empty", "odd" }, loaded.Tensors.Select(tensor => tensor.Name));
        for (int i = 0; i < original.Tensors.Count; i++)
        {
            Assert.Equal(original.Tensors[i].Shape, loaded.Tensors[i].Shape);
            Assert.Equal(Bits(original.Tensors[i].Data), Bits(loaded.Tensors[i].Data));
        }

        Assert.Equal(original.Metadata.OrderBy(pair => pair.Key), loaded.Metadata.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void Save_WritesExpectedBytes()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("tiny.safetensors");
        var checkpoint = new Checkpoint(
            new[]
            {
                new CheckpointTensor("a", new[] { 2 }, new[] { 1f, -2f }),
                new CheckpointTensor("b", new[] { 1, 1 }, new[] { 0.5f }),
            },
            new Dictionary<string, string> { ["k"] = "v" });

        CheckpointFile.Save(path, checkpoint);

        string json = "{\"__metadata__\":{\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";
        string padded = json.PadRight((json.Length + 7) / 8 * 8, ' ');
        byte[] data =
        {
            0x00, 0x00, 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x00, 0xC0, // -2.0f
            0x00, 0x00, 0x00, 0x3F, // 0.5f
        };
        byte[] expected = SafetensorsBytes.Assemble(padded, data);

        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Save_PadsHeaderToMultipleOfEight()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model.safetensors");

        for (int nameLength = 1; nameLength <= 9; nameLength++)
        {
            var checkpoint = new Checkpoint(new[] { new CheckpointTensor(new string('n', nameLength), new[] { 1 }, new[] { 1f }) });
            CheckpointFile.Save(path, checkpoint);

            byte[] bytes = File.ReadAllBytes(path);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0UL, headerLength % 8);
            Assert.Equal((long)(8 + headerLength + 4), bytes.LongLength);
        }
    }

    [Fact]
    public void Load_HandAssembledFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("hand.safetensors");

        // Header entries deliberately out of data order and without padding, as other writers may emit them.
        string header = "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
            + "\"__metadata__\":{\"format\":\"pt\"},"
            + "\"first\":{\"shape\":[2,1],\"dtype\":\"F32\",\"data_offsets\":[0,8]}}";
        byte[] data =
        {
            0x00, 0x00, 0x40, 0x40, // 3.0f
            0x00, 0x00, 0x80, 0xBF, // -1.0f
            0xDB, 0x0F, 0x49, 0x40, // 3.14159274f
        };
        File.WriteAllBytes(path, SafetensorsBytes.Assemble(header, data));

        Checkpoint checkpoint = CheckpointFile.Load(path);

        Assert.Equal(new[] { "first", "second" }, checkpoint.Tensors.Select(tensor => tensor.Name));
        Assert.Equal(new[] { 2, 1 }, checkpoint["first"].Shape);
        Assert.Equal(new[] { 3f, -1f }, checkpoint["first"].Data);
        Assert.Equal(new[] { 3.14159274f }, checkpoint["second"].Data);
        Assert.Equal("pt", checkpoint.Metadata["format"]);
    }

    [Fact]
    public void Load_HeaderWithoutMetadata()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("plain.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Assemble("{" + SafetensorsBytes.Entry("w", "[1]", 0, 4) + "}   ", SafetensorsBytes.Floats(2f)));

        Checkpoint checkpoint = CheckpointFile.Load(path);

        Assert.Empty(checkpoint.Metadata);
        Assert.Equal(new[] { 2f }, checkpoint["w"].Data);
    }

    [Fact]
    public void Load_EmptyCheckpoint()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("empty.safetensors");
        CheckpointFile.Save(path, new Checkpoint(Array.Empty<CheckpointTensor>()));

        Checkpoint checkpoint = CheckpointFile.Load(path);

        Assert.Empty(checkpoint.Tensors);
        Assert.Empty(checkpoint.Metadata);
    }

    [Fact]
    public void Load_LargeEmbeddingTable()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("large.safetensors");
        const int rows = 1 << 18;
        const int columns = 50;
        var data = new float[rows * columns];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = i * 0.25f;
        }

        CheckpointFile.Save(path, new Checkpoint(new[] { new CheckpointTensor("features.sparse_not_continuous.weight", new[] { rows, columns }, data) }));

        var stopwatch = Stopwatch.StartNew();
        Checkpoint checkpoint = CheckpointFile.Load(path);
        stopwatch.Stop();
        _output.WriteLine($"Loaded {data.Length * 4L} bytes in {stopwatch.Elapsed.TotalMilliseconds:F1} ms.");

        float[] loaded = checkpoint["features.sparse_not_continuous.weight"].Data;
        Assert.Equal(data.Length, loaded.Length);
        Assert.True(data.AsSpan().SequenceEqual(loaded), "The loaded embedding table differs from the saved one.");

        // 52 MB read as raw bytes takes tens of milliseconds; the bound only catches per-element parsing gone badly wrong.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Loading 52 MB took {stopwatch.Elapsed}.");
    }

    [Fact]
    public void Save_OverwritesExistingFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model.safetensors");
        CheckpointFile.Save(path, SingleTensor(1f));

        CheckpointFile.Save(path, SingleTensor(2f));

        Assert.Equal(new[] { 2f }, CheckpointFile.Load(path)["w"].Data);
        Assert.Equal(new[] { "model.safetensors" }, FileNames(folder));
    }

    [Fact]
    public void Save_FailureMidWayKeepsOldFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model.safetensors");
        CheckpointFile.Save(path, SingleTensor(1f));
        byte[] before = File.ReadAllBytes(path);
        var checkpoint = new Checkpoint(new[]
        {
            new CheckpointTensor("a", new[] { 4 }, new[] { 1f, 2f, 3f, 4f }),
            new CheckpointTensor("b", new[] { 2 }, new[] { 5f, 6f }),
        });

        var exception = Assert.Throws<InvalidOperationException>(() =>
            CheckpointFile.Save(path, checkpoint, afterTensorWritten: name => throw new InvalidOperationException("injected failure after " + name)));

        Assert.Equal("injected failure after a", exception.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "model.safetensors" }, FileNames(folder));
    }

    [Fact]
    public void Save_ShapeChangedAfterCreationKeepsOldFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model.safetensors");
        CheckpointFile.Save(path, SingleTensor(1f));
        byte[] before = File.ReadAllBytes(path);
        var tensor = new CheckpointTensor("w", new[] { 2, 2 }, new[] { 1f, 2f, 3f, 4f });
        var checkpoint = new Checkpoint(new[] { tensor });
        tensor.Shape[1] = 3;

        var exception = Assert.Throws<ArgumentException>(() => CheckpointFile.Save(path, checkpoint));

        Assert.Contains("Tensor 'w' has shape [2, 3]", exception.Message);
        Assert.Contains("nothing was written", exception.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "model.safetensors" }, FileNames(folder));
    }

    [Fact]
    public void Checkpoint_RejectsDataShapeMismatch()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            new Checkpoint(new[] { new CheckpointTensor("w", new[] { 2, 3 }, new float[5]) }));

        Assert.Contains("'w'", exception.Message);
        Assert.Contains("[2, 3]", exception.Message);
        Assert.Contains("needs 6 elements", exception.Message);
        Assert.Contains("has 5", exception.Message);
    }

    [Fact]
    public void Save_MissingFolderCreatesNothing()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "missing", "model.safetensors");

        var exception = Assert.Throws<IOException>(() => CheckpointFile.Save(path, SingleTensor(1f)));

        Assert.Contains(path, exception.Message);
        Assert.Contains("unchanged", exception.Message);
        Assert.Empty(FileNames(folder));
    }

    [Fact]
    public void Save_FolderIsFileFails()
    {
        using var folder = new TemporaryFolder();
        string notAFolder = folder.File("not-a-folder");
        File.WriteAllText(notAFolder, "x");

        Assert.Throws<IOException>(() => CheckpointFile.Save(Path.Combine(notAFolder, "model.safetensors"), SingleTensor(1f)));

        Assert.Equal("x", File.ReadAllText(notAFolder));
        Assert.Equal(new[] { "not-a-folder" }, FileNames(folder));
    }

    [Fact]
    public void Save_RenameFailureDeletesTemporaryFile()
    {
        using var folder = new TemporaryFolder();
        string target = folder.File("model.safetensors");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "kept");

        Assert.Throws<IOException>(() => CheckpointFile.Save(target, SingleTensor(1f)));

        Assert.True(Directory.Exists(target));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(target, "keep.txt")));
        Assert.Equal(new[] { "model.safetensors" }, FileNames(folder));
    }

    [Fact]
    public void Save_ReadOnlyFolderKeepsOldFile()
    {
        // Root ignores folder permissions, so this case only runs for ordinary users. The two
        // tests above cover a failing create and a failing rename for every user.
        if (OperatingSystem.IsWindows() || Environment.IsPrivilegedProcess)
        {
            return;
        }

        using var folder = new TemporaryFolder();
        string path = folder.File("model.safetensors");
        CheckpointFile.Save(path, SingleTensor(1f));
        byte[] before = File.ReadAllBytes(path);
        File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Assert.Throws<IOException>(() => CheckpointFile.Save(path, SingleTensor(2f)));

            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(new[] { "model.safetensors" }, FileNames(folder));
        }
        finally
        {
            File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Load_MissingFileThrowsFileNotFound()
    {
        using var folder = new TemporaryFolder();

        Assert.Throws<FileNotFoundException>(() => CheckpointFile.Load(folder.File("absent.safetensors")));
    }

    [Fact]
    public void Checkpoint_LooksUpByName()
    {
        Checkpoint checkpoint = SingleTensor(3f);

        Assert.True(checkpoint.Contains("w"));
        Assert.True(checkpoint.TryGet("w", out CheckpointTensor? tensor));
        Assert.Equal(new[] { 3f }, tensor!.Data);
        Assert.False(checkpoint.TryGet("missing", out _));
        var exception = Assert.Throws<KeyNotFoundException>(() => checkpoint["missing"]);
        Assert.Contains("'missing'", exception.Message);
    }

    [Fact]
    public void Checkpoint_RejectsDuplicateNames()
    {
        var exception = Assert.Throws<ArgumentException>(() => new Checkpoint(new[]
        {
            new CheckpointTensor("w", new[] { 1 }, new[] { 1f }),
            new CheckpointTensor("w", new[] { 1 }, new[] { 2f }),
        }));

        Assert.Contains("'w' appears more than once", exception.Message);
    }

    [Fact]
    public void Checkpoint_RejectsReservedAndNegative()
    {
        Assert.Throws<ArgumentException>(() => new Checkpoint(new[] { new CheckpointTensor("__metadata__", new[] { 1 }, new[] { 1f }) }));
        Assert.Throws<ArgumentException>(() => new Checkpoint(new[] { new CheckpointTensor("", new[] { 1 }, new[] { 1f }) }));
        Assert.Throws<ArgumentException>(() => new Checkpoint(new[] { new CheckpointTensor("w", new[] { -1 }, Array.Empty<float>()) }));
    }

    private static Checkpoint SingleTensor(float value) =>
        new(new[] { new CheckpointTensor("w", new[] { 1 }, new[] { value }) });

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static string[] FileNames(TemporaryFolder folder) =>
        Directory.GetFileSystemEntries(folder.Path).Select(entry => Path.GetFileName(entry)!).Order(StringComparer.Ordinal).ToArray();
}
