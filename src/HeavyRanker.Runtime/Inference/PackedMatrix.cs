namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// The right-hand matrix B <c>[K, N]</c> of a GEMM with its bias <c>[N]</c>, packed for
/// <see cref="Gemm"/>: columns are cut into panels of <see cref="Gemm.PanelWidth"/>, and each
/// panel stores its K rows of 16 floats contiguously, so the micro-kernel reads B with unit
/// stride. The last panel is padded with zero columns.
/// </summary>
internal sealed class PackedMatrix
{
    private PackedMatrix(int depth, int columns, float[] data, float[] bias)
    {
        Depth = depth;
        Columns = columns;
        Data = data;
        Bias = bias;
    }

    /// <summary>Number of rows K of B, the reduction length.</summary>
    public int Depth { get; }

    /// <summary>Number of columns N of B.</summary>
    public int Columns { get; }

    /// <summary>Number of panels, ceil(N / 16).</summary>
    public int PanelCount => (Columns + Gemm.PanelWidth - 1) / Gemm.PanelWidth;

    /// <summary>Packed values, <c>[PanelCount, K, 16]</c>.</summary>
    public float[] Data { get; }

    /// <summary>Bias padded with zeros to <c>PanelCount · 16</c>.</summary>
    public float[] Bias { get; }

    /// <summary>Packs B given by an element accessor <paramref name="element"/>(k, n) and a bias accessor.</summary>
    public static PackedMatrix Pack(int depth, int columns, Func<int, int, float> element, Func<int, float> bias)
    {
        int panels = (columns + Gemm.PanelWidth - 1) / Gemm.PanelWidth;
        float[] data = new float[(long)panels * depth * Gemm.PanelWidth];
        float[] paddedBias = new float[panels * Gemm.PanelWidth];
        for (int column = 0; column < columns; column++)
        {
            int panel = column / Gemm.PanelWidth;
            int lane = column % Gemm.PanelWidth;
            paddedBias[column] = bias(column);
            for (int row = 0; row < depth; row++)
            {
                data[(((long)panel * depth) + row) * Gemm.PanelWidth + lane] = element(row, column);
            }
        }

        return new PackedMatrix(depth, columns, data, paddedBias);
    }
}
