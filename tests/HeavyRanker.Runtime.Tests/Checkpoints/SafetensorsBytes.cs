using System.Buffers.Binary;
using System.Text;

namespace HeavyRanker.Runtime.Tests.Checkpoints;

/// <summary>Assembles safetensors files byte by byte, independently of the writer under test.</summary>
internal static class SafetensorsBytes
{
    /// <summary>Returns the 8-byte little-endian length, the header text as UTF-8, then <paramref name="data"/>.</summary>
    public static byte[] Assemble(string headerJson, byte[] data) => Assemble(Encoding.UTF8.GetBytes(headerJson), data);

    /// <summary>Returns the 8-byte little-endian length, the raw header bytes, then <paramref name="data"/>.</summary>
    public static byte[] Assemble(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>Returns the little-endian bytes of the given floats.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    /// <summary>Returns a header entry for an F32 tensor.</summary>
    public static string Entry(string name, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
}
