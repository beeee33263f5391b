using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// Single-precision GEMM C = activation(A·B + bias) for row-major A <c>[M, K]</c>, a
/// <see cref="PackedMatrix"/> B and row-major C <c>[M, N]</c>.
/// </summary>
/// <remarks>
/// Every element is accumulated the same way on every path: it starts at 0, takes one fused
/// multiply-add per k in increasing k, then adds the bias once. The 6-row and 1-row kernels, the
/// full-width and the narrow last panel therefore give bit-identical results, so a record's
/// output does not depend on its position in the batch or on the batch size.
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>Columns per packed panel: two Vector256 of floats.</summary>
    public const int PanelWidth = 16;

    // Six rows × two vectors is 12 accumulators, which with two B vectors and one broadcast
    // fits the 16 ymm registers of AVX2.
    private const int RowBlock = 6;

    // A 256 × 16 slice of a panel (16 KiB) stays in L1 while all row blocks reuse it.
    private const int DepthBlock = 256;

    /// <summary>Computes C = activation(A·B + bias).</summary>
    public static void Multiply(ReadOnlySpan<float> a, int rows, PackedMatrix b, Span<float> c, Activation activation)
    {
        int depth = b.Depth;
        int columns = b.Columns;
        if (a.Length < rows * depth || c.Length < rows * columns)
        {
            throw new ArgumentException($"GEMM buffers are too small for [{rows}, {depth}] × [{depth}, {columns}].");
        }

        fixed (float* aPointer = a)
        fixed (float* cPointer = c)
        fixed (float* packed = b.Data)
        fixed (float* bias = b.Bias)
        {
            if (depth == 0)
            {
                FillWithBias(cPointer, rows, columns, bias, activation);
            }

            for (int depthStart = 0; depthStart < depth; depthStart += DepthBlock)
            {
                int depthCount = Math.Min(DepthBlock, depth - depthStart);
                var step = new Step(depthStart == 0, depthStart + depthCount == depth, activation);
                for (int panel = 0; panel < b.PanelCount; panel++)
                {
                    float* panelPointer = packed + (((long)panel * depth) + depthStart) * PanelWidth;
                    int column = panel * PanelWidth;
                    int width = Math.Min(PanelWidth, columns - column);
                    int row = 0;
                    for (; row + RowBlock <= rows; row += RowBlock)
                    {
                        Kernel6(aPointer + ((long)row * depth) + depthStart, depth, panelPointer, depthCount, cPointer + ((long)row * columns) + column, columns, width, bias + column, step);
                    }

                    for (; row < rows; row++)
                    {
                        Kernel1(aPointer + ((long)row * depth) + depthStart, panelPointer, depthCount, cPointer + ((long)row * columns) + column, width, bias + column, step);
                    }
                }
            }
        }

        ActivationFunctions.ApplyNonlinear(activation, c[..(rows * columns)]);
    }

    private readonly record struct Step(bool First, bool Last, Activation Activation);

    private static void Kernel6(float* a, int lda, float* panel, int depthCount, float* c, int ldc, int width, float* bias, Step step)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (step.First)
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        }
        else
        {
            Load(c, width, out c00, out c01);
            Load(c + ldc, width, out c10, out c11);
            Load(c + (2 * ldc), width, out c20, out c21);
            Load(c + (3 * ldc), width, out c30, out c31);
            Load(c + (4 * ldc), width, out c40, out c41);
            Load(c + (5 * ldc), width, out c50, out c51);
        }

        float* a0 = a;
        float* a1 = a + lda;
        float* a2 = a + (2 * lda);
        float* a3 = a + (3 * lda);
        float* a4 = a + (4 * lda);
        float* a5 = a + (5 * lda);
        float* b = panel;
        for (int k = 0; k < depthCount; k++, b += PanelWidth)
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

        Store(c, width, c00, c01, bias, step);
        Store(c + ldc, width, c10, c11, bias, step);
        Store(c + (2 * ldc), width, c20, c21, bias, step);
        Store(c + (3 * ldc), width, c30, c31, bias, step);
        Store(c + (4 * ldc), width, c40, c41, bias, step);
        Store(c + (5 * ldc), width, c50, c51, bias, step);
    }

    private static void Kernel1(float* a, float* panel, int depthCount, float* c, int width, float* bias, Step step)
    {
        Vector256<float> c0, c1;
        if (step.First)
        {
            c0 = c1 = Vector256<float>.Zero;
        }
        else
        {
            Load(c, width, out c0, out c1);
        }

        float* b = panel;
        for (int k = 0; k < depthCount; k++, b += PanelWidth)
        {
            Vector256<float> x = Vector256.Create(a[k]);
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 8), c1);
        }

        Store(c, width, c0, c1, bias, step);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(float* c, int width, out Vector256<float> low, out Vector256<float> high)
    {
        if (width == PanelWidth)
        {
            low = Vector256.Load(c);
            high = Vector256.Load(c + 8);
            return;
        }

        // Narrow last panel: the padded lanes start at 0 and never reach C.
        float* lanes = stackalloc float[PanelWidth];
        new Span<float>(lanes, PanelWidth).Clear();
        new Span<float>(c, width).CopyTo(new Span<float>(lanes, PanelWidth));
        low = Vector256.Load(lanes);
        high = Vector256.Load(lanes + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, int width, Vector256<float> low, Vector256<float> high, float* bias, Step step)
    {
        if (step.Last)
        {
            low += Vector256.Load(bias);
            high += Vector256.Load(bias + 8);
            if (step.Activation == Activation.Relu)
            {
                low = Vector256.Max(low, Vector256<float>.Zero);
                high = Vector256.Max(high, Vector256<float>.Zero);
            }
        }

        if (width == PanelWidth)
        {
            low.Store(c);
            high.Store(c + 8);
            return;
        }

        float* lanes = stackalloc float[PanelWidth];
        low.Store(lanes);
        high.Store(lanes + 8);
        new Span<float>(lanes, width).CopyTo(new Span<float>(c, width));
    }

    private static void FillWithBias(float* c, int rows, int columns, float* bias, Activation activation)
    {
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                float value = bias[column];
                c[((long)row * columns) + column] = activation == Activation.Relu ? Math.Max(value, 0f) : value;
            }
        }
    }
}
