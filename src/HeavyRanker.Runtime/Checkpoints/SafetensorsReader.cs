using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// Reads a safetensors file of float32 tensors with structural validation. The header must be
/// valid UTF-8 JSON and every tensor F32 with a byte range that matches its shape. The ranges
/// must tile the data section exactly, with no overlaps, gaps or trailing bytes.
/// </summary>
internal static class SafetensorsReader
{
    private sealed record HeaderEntry(string Name, int[] Shape, long Begin, long End, int HeaderIndex);

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    public static Checkpoint Read(string path)
    {
        SafetensorsFormat.EnsureLittleEndian();

        // Unbuffered: the tensor reads are large and go straight into the float arrays.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        long fileLength = stream.Length;
        byte[] header = ReadHeader(path, stream, fileLength);

        long dataStart = SafetensorsFormat.LengthPrefixSize + header.Length;
        long dataLength = fileLength - dataStart;
        (Dictionary<string, string> metadata, List<HeaderEntry> entries) = ParseHeader(path, header);
        List<HeaderEntry> fileOrder = CheckLayout(path, entries, dataStart, dataLength, fileLength);

        // The layout check guarantees the ranges follow each other from offset 0, so the
        // stream position is already at each tensor's first byte.
        var tensors = new List<CheckpointTensor>(fileOrder.Count);
        foreach (HeaderEntry entry in fileOrder)
        {
            // ReadExactly fills the whole array or throws, so zeroing it first would be wasted work.
            float[] data = GC.AllocateUninitializedArray<float>((int)((entry.End - entry.Begin) / sizeof(float)));
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            tensors.Add(new CheckpointTensor(entry.Name, entry.Shape, data));
        }

        return new Checkpoint(tensors, metadata);
    }

    private static byte[] ReadHeader(string path, FileStream stream, long fileLength)
    {
        if (fileLength < SafetensorsFormat.LengthPrefixSize)
        {
            throw new CheckpointException(
                path,
                $"the file is {fileLength} bytes long, shorter than the 8-byte header length that starts every safetensors file. " +
                "Check that the path names a model.safetensors file and that it was copied completely.",
                byteOffset: 0);
        }

        Span<byte> prefix = stackalloc byte[SafetensorsFormat.LengthPrefixSize];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);

        if (headerLength > SafetensorsFormat.MaxHeaderLength)
        {
            throw new CheckpointException(
                path,
                $"the header length at byte 0 is {headerLength}, over the {SafetensorsFormat.MaxHeaderLength}-byte limit. " +
                "The file is not a safetensors checkpoint or its first bytes are corrupt.",
                byteOffset: 0);
        }

        long available = fileLength - SafetensorsFormat.LengthPrefixSize;
        if ((long)headerLength > available)
        {
            throw new CheckpointException(
                path,
                $"the header length at byte 0 is {headerLength}, but only {available} bytes follow it. " +
                "The file is truncated or is not a safetensors checkpoint. Copy or save it again.",
                byteOffset: 0);
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        return header;
    }

    private static (Dictionary<string, string> Metadata, List<HeaderEntry> Entries) ParseHeader(string path, byte[] header)
    {
        ThrowIfInvalidUtf8(path, header);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException exception)
        {
            throw new CheckpointException(
                path,
                $"the header (file bytes 8 to {8 + header.Length}) is not valid JSON: {exception.Message} " +
                "The file is corrupt. Save the checkpoint again.",
                byteOffset: SafetensorsFormat.LengthPrefixSize + (exception.LineNumber == 0 ? exception.BytePositionInLine ?? 0 : 0),
                innerException: exception);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(path, $"the header is a JSON {root.ValueKind} but must be an object that maps tensor names to entries.", byteOffset: SafetensorsFormat.LengthPrefixSize);
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<HeaderEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new CheckpointException(path, $"the header lists '{property.Name}' more than once. The file is corrupt. Save the checkpoint again.", tensorName: property.Name);
                }

                if (property.Name == SafetensorsFormat.MetadataKey)
                {
                    ReadMetadata(path, property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(path, property.Name, property.Value, entries.Count));
                }
            }

            return (metadata, entries);
        }
    }

    private static void ThrowIfInvalidUtf8(string path, ReadOnlySpan<byte> header)
    {
        int offset = 0;
        while (offset < header.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(header.Slice(offset), out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                long fileOffset = SafetensorsFormat.LengthPrefixSize + offset;
                throw new CheckpointException(
                    path,
                    $"the header contains invalid UTF-8 at file byte {fileOffset}. The file is corrupt or is not a safetensors checkpoint.",
                    byteOffset: fileOffset);
            }

            offset += consumed;
        }
    }

    private static void ReadMetadata(string path, JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(path, $"'{SafetensorsFormat.MetadataKey}' is a JSON {element.ValueKind} but must be an object of string values.");
        }

        foreach (JsonProperty entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new CheckpointException(path, $"metadata entry '{entry.Name}' is a JSON {entry.Value.ValueKind}; safetensors metadata values must be strings.");
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw new CheckpointException(path, $"metadata entry '{entry.Name}' appears more than once. The file is corrupt. Save the checkpoint again.");
            }
        }
    }

    private static HeaderEntry ParseEntry(string path, string name, JsonElement element, int headerIndex)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(path, $"the header entry of tensor '{name}' is a JSON {element.ValueKind} but must be an object with dtype, shape and data_offsets.", tensorName: name);
        }

        string dtype = ReadDtype(path, name, element);
        if (dtype != SafetensorsFormat.Float32)
        {
            throw new CheckpointException(
                path,
                $"tensor '{name}' has dtype {dtype}, but only F32 is supported. Convert the tensor to float32 before saving (in PyTorch, tensor.float()).",
                tensorName: name);
        }

        int[] shape = ReadShape(path, name, element);
        (long begin, long end) = ReadOffsets(path, name, element);

        long elementCount = ElementCount(path, name, shape);
        if (end - begin != elementCount * sizeof(float))
        {
            throw new CheckpointException(
                path,
                $"tensor '{name}' has data_offsets [{begin}, {end}], which cover {end - begin} bytes, but shape {SafetensorsFormat.FormatShape(shape)} of F32 needs {elementCount * sizeof(float)}. The file is corrupt. Save the checkpoint again.",
                tensorName: name);
        }

        return new HeaderEntry(name, shape, begin, end, headerIndex);
    }

    private static string ReadDtype(string path, string name, JsonElement element)
    {
        if (!element.TryGetProperty("dtype", out JsonElement dtype))
        {
            throw new CheckpointException(path, $"tensor '{name}' has no 'dtype' in the header. The file is corrupt. Save the checkpoint again.", tensorName: name);
        }

        if (dtype.ValueKind != JsonValueKind.String)
        {
            throw new CheckpointException(path, $"tensor '{name}' has a 'dtype' that is a JSON {dtype.ValueKind}, not a string such as \"F32\".", tensorName: name);
        }

        return dtype.GetString()!;
    }

    private static int[] ReadShape(string path, string name, JsonElement element)
    {
        if (!element.TryGetProperty("shape", out JsonElement shape))
        {
            throw new CheckpointException(path, $"tensor '{name}' has no 'shape' in the header. The file is corrupt. Save the checkpoint again.", tensorName: name);
        }

        if (shape.ValueKind != JsonValueKind.Array)
        {
            throw new CheckpointException(path, $"tensor '{name}' has a 'shape' that is a JSON {shape.ValueKind}, not an array of dimensions.", tensorName: name);
        }

        var dimensions = new int[shape.GetArrayLength()];
        int index = 0;
        foreach (JsonElement dimension in shape.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt32(out int value) || value < 0)
            {
                throw new CheckpointException(
                    path,
                    $"tensor '{name}' has an invalid dimension {dimension.GetRawText()} at shape index {index}; dimensions must be integers from 0 to {int.MaxValue}.",
                    tensorName: name);
            }

            dimensions[index++] = value;
        }

        return dimensions;
    }

    private static (long Begin, long End) ReadOffsets(string path, string name, JsonElement element)
    {
        if (!element.TryGetProperty("data_offsets", out JsonElement offsets))
        {
            throw new CheckpointException(path, $"tensor '{name}' has no 'data_offsets' in the header. The file is corrupt. Save the checkpoint again.", tensorName: name);
        }

        if (offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || !TryReadOffset(offsets[0], out long begin)
            || !TryReadOffset(offsets[1], out long end))
        {
            throw new CheckpointException(
                path,
                $"tensor '{name}' has data_offsets {offsets.GetRawText()}, but they must be two integers [begin, end] from 0 to {long.MaxValue}.",
                tensorName: name);
        }

        if (begin > end)
        {
            throw new CheckpointException(
                path,
                $"tensor '{name}' has data_offsets [{begin}, {end}] whose begin is after its end. The file is corrupt. Save the checkpoint again.",
                tensorName: name);
        }

        return (begin, end);
    }

    private static bool TryReadOffset(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value) && value >= 0;
    }

    private static long ElementCount(string path, string name, int[] shape)
    {
        long count = 1;
        foreach (int dimension in shape)
        {
            // Dimensions are at most int.MaxValue, so the product stays exact while it is
            // within the array limit checked here.
            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw new CheckpointException(
                    path,
                    $"tensor '{name}' has shape {SafetensorsFormat.FormatShape(shape)} with more than {Array.MaxLength} elements, the largest array .NET can allocate.",
                    tensorName: name);
            }
        }

        return count;
    }

    /// <summary>
    /// Checks that the byte ranges tile the data section from offset 0 to its end and returns
    /// the entries in file order. A range past the end is reported as truncation when the ranges
    /// are otherwise contiguous, and as an out-of-range offset when they are not.
    /// </summary>
    private static List<HeaderEntry> CheckLayout(string path, List<HeaderEntry> entries, long dataStart, long dataLength, long fileLength)
    {
        List<HeaderEntry> fileOrder = entries
            .OrderBy(entry => entry.Begin)
            .ThenBy(entry => entry.End)
            .ThenBy(entry => entry.HeaderIndex)
            .ToList();

        CheckpointException? layoutError = null;
        long expectedBegin = 0;
        HeaderEntry? previous = null;
        foreach (HeaderEntry entry in fileOrder)
        {
            if (entry.Begin < expectedBegin)
            {
                layoutError = new CheckpointException(
                    path,
                    $"tensor '{entry.Name}' (data_offsets [{entry.Begin}, {entry.End}]) overlaps tensor '{previous!.Name}' (data_offsets [{previous.Begin}, {previous.End}]) at file byte {dataStart + entry.Begin}. " +
                    "Each tensor needs its own byte range, so the file is corrupt. Save the checkpoint again.",
                    tensorName: entry.Name,
                    byteOffset: dataStart + entry.Begin);
                break;
            }

            if (entry.Begin > expectedBegin)
            {
                layoutError = new CheckpointException(
                    path,
                    $"data bytes {expectedBegin} to {entry.Begin} (file byte {dataStart + expectedBegin} onwards) belong to no tensor; tensor '{entry.Name}' starts after a gap. " +
                    "The file is corrupt. Save the checkpoint again.",
                    tensorName: entry.Name,
                    byteOffset: dataStart + expectedBegin);
                break;
            }

            expectedBegin = entry.End;
            previous = entry;
        }

        foreach (HeaderEntry entry in entries)
        {
            if (entry.End <= dataLength)
            {
                continue;
            }

            if (layoutError is null)
            {
                throw new CheckpointException(
                    path,
                    $"the file is truncated: tensor '{entry.Name}' needs file bytes {dataStart + entry.Begin} to {dataStart + entry.End}, but the file ends at byte {fileLength}. " +
                    "Copy or save the checkpoint again.",
                    tensorName: entry.Name,
                    byteOffset: fileLength);
            }

            throw new CheckpointException(
                path,
                $"tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] out of range: the data section after the header is {dataLength} bytes long. " +
                "The file is corrupt or truncated. Save the checkpoint again.",
                tensorName: entry.Name,
                byteOffset: dataStart + entry.Begin);
        }

        if (layoutError is not null)
        {
            throw layoutError;
        }

        if (expectedBegin < dataLength)
        {
            throw new CheckpointException(
                path,
                $"{dataLength - expectedBegin} bytes from file byte {dataStart + expectedBegin} follow the last tensor and belong to none. " +
                "The file is corrupt or has data appended. Save the checkpoint again.",
                byteOffset: dataStart + expectedBegin);
        }

        return fileOrder;
    }
}
