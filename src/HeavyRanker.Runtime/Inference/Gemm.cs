using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// Single-precision GEMM C = activation(A·B + bias) for row-major A <c>[M, K]</c>, a
/// <see cref="PackedMatrix"/> B and row-major C <c>[M, N]</c>.
/// </summary>
/// <remarks>
/// Every element is accumulated the same way on every path: it starts at 0, takes one fused
/// multiply-add per k in increasing k, then adds the bias once. The 12-row (AVX-512), 6-row and
/// 1-row kernels, the full-width and the narrow last panel therefore give bit-identical results,
/// so a record's output does not depend on its position in the batch, the batch size or
/// whether the CPU has AVX-512.
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>Columns per packed panel: two Vector256 of floats.</summary>
    public const int PanelWidth = 16;

    // Six rows × two vectors is 12 accumulators, which with two B vectors and one broadcast
    // fits the 16 ymm registers of AVX2.
    private const int RowBlock = 6;

    // With AVX-512, twelve rows × one Vector512 is again 12 accumulators. Each FMA covers all 16
    // columns and takes its A element as an embedded broadcast, so one k step of the 12 × 16 tile
    // is 13 instructions (1 load, 12 FMAs). The AVX2 kernel needs 40 for the same work.
    private const int WideRowBlock = 12;

    [ThreadStatic]
    private static float[]? t_rowBlocks;

    // NOTE: the depth is not blocked, so a panel of K × 16 floats (64 KiB at K = 1024) is read
    // from L2 rather than L1. Blocking the depth has not been measured since the kernels changed.

    /// <summary>Computes C = activation(A·B + bias).</summary>
    public static void Multiply(ReadOnlySpan<float> a, int rows, PackedMatrix b, Span<float> c, Activation activation)
    {
        int depth = b.Depth;
        int columns = b.Columns;
        if (a.Length < rows * depth || c.Length < rows * columns)
        {
            throw new ArgumentException($"GEMM buffers are too small for [{rows}, {depth}] × [{depth}, {columns}].");
        }

        float[] packedRows = PackRowBlocks(a, rows, depth);
        fixed (float* aPointer = a)
        fixed (float* rowBlocks = packedRows)
        fixed (float* cPointer = c)
        fixed (float* packed = b.Data)
        fixed (float* bias = b.Bias)
        {
            // The narrow last panel is written here first, then copied; see Kernel6.
            float* tile = stackalloc float[WideRowBlock * PanelWidth];
            for (int panel = 0; panel < b.PanelCount; panel++)
            {
                float* panelPointer = packed + ((long)panel * depth * PanelWidth);
                int column = panel * PanelWidth;
                int width = Math.Min(PanelWidth, columns - column);
                int row = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; row + WideRowBlock <= rows; row += WideRowBlock)
                    {
                        Kernel12(rowBlocks + ((long)row * depth), panelPointer, depth, cPointer + ((long)row * columns) + column, columns, width, bias + column, activation, tile);
                    }
                }

                for (; row + 1 < rows; row += RowBlock)
                {
                    Kernel6(aPointer + ((long)row * depth), depth, Math.Min(RowBlock, rows - row), panelPointer, depth, cPointer + ((long)row * columns) + column, columns, width, bias + column, activation, tile);
                }

                if (row < rows)
                {
                    Kernel1(aPointer + ((long)row * depth), panelPointer, depth, cPointer + ((long)row * columns) + column, width, bias + column, activation, tile);
                }
            }
        }

        ActivationFunctions.ApplyNonlinear(activation, c[..(rows * columns)]);
    }

    /// <summary>
    /// Copies each full block of 12 rows of A into k-major order <c>[K, 12]</c>, so the 12-row
    /// kernel reads A as one forward stream instead of twelve. Returns a per-thread buffer that
    /// grows only when a larger A arrives.
    /// </summary>
    private static float[] PackRowBlocks(ReadOnlySpan<float> a, int rows, int depth)
    {
        int blocks = Vector512.IsHardwareAccelerated ? rows / WideRowBlock : 0;
        int length = blocks * WideRowBlock * depth;
        float[] buffer = t_rowBlocks is { } existing && existing.Length >= length ? existing : (t_rowBlocks = new float[Math.Max(length, 1)]);
        for (int block = 0; block < blocks; block++)
        {
            Span<float> destination = buffer.AsSpan(block * WideRowBlock * depth, WideRowBlock * depth);
            for (int lane = 0; lane < WideRowBlock; lane++)
            {
                ReadOnlySpan<float> source = a.Slice(((block * WideRowBlock) + lane) * depth, depth);
                for (int k = 0; k < depth; k++)
                {
                    destination[(k * WideRowBlock) + lane] = source[k];
                }
            }
        }

        return buffer;
    }

    private static void Kernel12(float* rowBlock, float* panel, int depth, float* c, int ldc, int width, float* bias, Activation activation, float* tile)
    {
        Vector512<float> c0 = Vector512<float>.Zero, c1 = Vector512<float>.Zero, c2 = Vector512<float>.Zero;
        Vector512<float> c3 = Vector512<float>.Zero, c4 = Vector512<float>.Zero, c5 = Vector512<float>.Zero;
        Vector512<float> c6 = Vector512<float>.Zero, c7 = Vector512<float>.Zero, c8 = Vector512<float>.Zero;
        Vector512<float> c9 = Vector512<float>.Zero, c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        float* a = rowBlock;
        float* b = panel;
        for (int k = 0; k < depth; k++, b += PanelWidth, a += WideRowBlock)
        {
            Vector512<float> column = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), column, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), column, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), column, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), column, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), column, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), column, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), column, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), column, c7);
            c8 = Vector512.FusedMultiplyAdd(Vector512.Create(a[8]), column, c8);
            c9 = Vector512.FusedMultiplyAdd(Vector512.Create(a[9]), column, c9);
            c10 = Vector512.FusedMultiplyAdd(Vector512.Create(a[10]), column, c10);
            c11 = Vector512.FusedMultiplyAdd(Vector512.Create(a[11]), column, c11);
        }

        // As in Kernel6, nothing is called while the accumulators are live.
        bool full = width == PanelWidth;
        float* target = full ? c : tile;
        int stride = full ? ldc : PanelWidth;
        Vector512<float> offset = Vector512.Load(bias);
        Store(target, c0, offset, activation);
        Store(target + stride, c1, offset, activation);
        Store(target + (2 * stride), c2, offset, activation);
        Store(target + (3 * stride), c3, offset, activation);
        Store(target + (4 * stride), c4, offset, activation);
        Store(target + (5 * stride), c5, offset, activation);
        Store(target + (6 * stride), c6, offset, activation);
        Store(target + (7 * stride), c7, offset, activation);
        Store(target + (8 * stride), c8, offset, activation);
        Store(target + (9 * stride), c9, offset, activation);
        Store(target + (10 * stride), c10, offset, activation);
        Store(target + (11 * stride), c11, offset, activation);
        if (!full)
        {
            CopyNarrow(tile, WideRowBlock, width, c, ldc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> sum, Vector512<float> bias, Activation activation)
    {
        sum += bias;
        if (activation == Activation.Relu)
        {
            sum = Vector512.Max(sum, Vector512<float>.Zero);
        }

        sum.Store(c);
    }

    /// <summary>
    /// Computes up to six rows of one panel. With fewer than six rows, the missing rows repeat the
    /// last real row and their results are dropped, which costs less than running the one-row
    /// kernel per row, since that kernel is bound by its loads of B.
    /// </summary>
    private static void Kernel6(float* a, int lda, int rowCount, float* panel, int depth, float* c, int ldc, int width, float* bias, Activation activation, float* tile)
    {
        // Accumulators start at 0 on every path and are never address-taken, so the JIT keeps
        // all twelve in registers through the loop.
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
        float* a0 = a;
        float* a1 = a + (Math.Min(1, rowCount - 1) * lda);
        float* a2 = a + (Math.Min(2, rowCount - 1) * lda);
        float* a3 = a + (Math.Min(3, rowCount - 1) * lda);
        float* a4 = a + (Math.Min(4, rowCount - 1) * lda);
        float* a5 = a + (Math.Min(5, rowCount - 1) * lda);
        float* b = panel;
        for (int k = 0; k < depth; k++, b += PanelWidth)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);

            Vector256<float> x = Vector256.Create(a0[k]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[k]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[k]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[k]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(a4[k]);
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(a5[k]);
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
        }

        // No call may follow the loop while the accumulators are live: the System V ABI has no
        // callee-saved vector registers, so the JIT would spill every accumulator inside the
        // loop. A narrow panel or a partial row block therefore goes to the tile first and is
        // copied afterwards.
        bool full = width == PanelWidth && rowCount == RowBlock;
        float* target = full ? c : tile;
        int stride = full ? ldc : PanelWidth;
        Store(target, c00, c01, bias, activation);
        Store(target + stride, c10, c11, bias, activation);
        Store(target + (2 * stride), c20, c21, bias, activation);
        Store(target + (3 * stride), c30, c31, bias, activation);
        Store(target + (4 * stride), c40, c41, bias, activation);
        Store(target + (5 * stride), c50, c51, bias, activation);
        if (!full)
        {
            CopyNarrow(tile, rowCount, width, c, ldc);
        }
    }

    private static void Kernel1(float* a, float* panel, int depth, float* c, int width, float* bias, Activation activation, float* tile)
    {
        Vector256<float> c0 = Vector256<float>.Zero;
        Vector256<float> c1 = Vector256<float>.Zero;
        float* b = panel;
        for (int k = 0; k < depth; k++, b += PanelWidth)
        {
            Vector256<float> x = Vector256.Create(a[k]);
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 8), c1);
        }

        bool full = width == PanelWidth;
        Store(full ? c : tile, c0, c1, bias, activation);
        if (!full)
        {
            CopyNarrow(tile, 1, width, c, 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> low, Vector256<float> high, float* bias, Activation activation)
    {
        low += Vector256.Load(bias);
        high += Vector256.Load(bias + 8);
        if (activation == Activation.Relu)
        {
            low = Vector256.Max(low, Vector256<float>.Zero);
            high = Vector256.Max(high, Vector256<float>.Zero);
        }

        low.Store(c);
        high.Store(c + 8);
    }

    /// <summary>Copies the first <paramref name="width"/> columns of <paramref name="rows"/> tile rows (stride 16) to C.</summary>
    private static void CopyNarrow(float* tile, int rows, int width, float* c, int ldc)
    {
        for (int row = 0; row < rows; row++)
        {
            new Span<float>(tile + (row * PanelWidth), width).CopyTo(new Span<float>(c + ((long)row * ldc), width));
        }
    }
}
