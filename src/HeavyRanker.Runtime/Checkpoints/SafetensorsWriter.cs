using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// Writes a checkpoint in the safetensors layout: metadata first in the header, then the
/// tensors in checkpoint order with contiguous data offsets, the header padded with spaces
/// so the data section starts at a multiple of 8 bytes.
/// </summary>
internal static class SafetensorsWriter
{
    /// <summary>Builds the padded UTF-8 JSON header of <paramref name="checkpoint"/>.</summary>
    /// <exception cref="ArgumentException">A tensor's shape no longer matches its data length.</exception>
    public static byte[] BuildHeader(Checkpoint checkpoint)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();

            if (checkpoint.Metadata.Count > 0)
            {
                // Sorted keys make the bytes independent of dictionary order.
                writer.WriteStartObject(SafetensorsFormat.MetadataKey);
                foreach (KeyValuePair<string, string> entry in checkpoint.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(entry.Key, entry.Value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (CheckpointTensor tensor in checkpoint.Tensors)
            {
                // The Checkpoint constructor checked this, but shape arrays stay writable afterwards.
                if (tensor.ShapeElementCount() != tensor.Data.Length)
                {
                    throw new ArgumentException(
                        $"Tensor '{tensor.Name}' has shape {SafetensorsFormat.FormatShape(tensor.Shape)}, which needs {tensor.ShapeElementCount()} elements, but its data has {tensor.Data.Length}; nothing was written.",
                        nameof(checkpoint));
                }

                long size = (long)tensor.Data.Length * sizeof(float);
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", SafetensorsFormat.Float32);
                writer.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + size);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += size;
            }

            writer.WriteEndObject();
        }

        int length = buffer.WrittenCount;
        int padded = (length + SafetensorsFormat.HeaderAlignment - 1) / SafetensorsFormat.HeaderAlignment * SafetensorsFormat.HeaderAlignment;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }

    /// <summary>
    /// Writes the length prefix, <paramref name="header"/> and every tensor's raw bytes, calling
    /// <paramref name="afterTensorWritten"/> (a test hook, usually null) after each tensor.
    /// </summary>
    public static void Write(Stream stream, Checkpoint checkpoint, byte[] header, Action<string>? afterTensorWritten)
    {
        Span<byte> prefix = stackalloc byte[SafetensorsFormat.LengthPrefixSize];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);

        foreach (CheckpointTensor tensor in checkpoint.Tensors)
        {
            stream.Write(MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
            afterTensorWritten?.Invoke(tensor.Name);
        }
    }
}
