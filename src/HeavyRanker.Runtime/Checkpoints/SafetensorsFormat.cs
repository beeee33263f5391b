namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// Constants of the safetensors layout: an 8-byte little-endian header length N, N bytes of
/// UTF-8 JSON, then the raw little-endian tensor data. Data offsets in the header are relative to
/// the first byte after the header.
/// </summary>
internal static class SafetensorsFormat
{
    /// <summary>Header key of the string-to-string metadata object.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The only dtype this project reads and writes.</summary>
    public const string Float32 = "F32";

    /// <summary>Bytes of the header length that starts the file.</summary>
    public const int LengthPrefixSize = 8;

    /// <summary>The header is padded with spaces to a multiple of this, so the data section starts aligned.</summary>
    public const int HeaderAlignment = 8;

    /// <summary>Largest header accepted in bytes, the limit of the safetensors Rust crate (its MAX_HEADER_SIZE).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Formats a shape as <c>[2, 3]</c> for messages.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Throws on big-endian hosts, where the raw float bytes would need swapping.</summary>
    public static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            // NOTE: big-endian hosts are unsupported because tensors are copied as raw bytes without swapping.
            throw new PlatformNotSupportedException("Checkpoint files can only be read and written on little-endian hosts.");
        }
    }
}
