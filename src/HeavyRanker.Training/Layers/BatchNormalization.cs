using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>
/// Batch normalisation over axis 1 of a <c>[batch, length, channels]</c> tensor, with TensorFlow 1
/// semantics. Each position along the length axis has one statistic, reduced over the batch and
/// channel axes, and epsilon is 1e-3. Moving averages are updated as moving ← momentum·moving +
/// (1 − momentum)·batch, using the biased batch variance. TensorFlow 1 computes it with
/// <c>nn.moments</c> on its non-fused path, which it takes for 2-D and 3-D inputs and with
/// renorm; PyTorch would use the unbiased one. Evaluation normalises with the moving statistics.
/// During a recalibration (<see cref="IBatchStatisticsRecalibration"/>) it normalises with the
/// batch statistics in either mode and records them instead of updating the moving averages.
/// </summary>
/// <remarks>
/// State-dict keys follow PyTorch: <c>weight</c> is TensorFlow's gamma, <c>bias</c> its beta,
/// <c>running_mean</c> and <c>running_var</c> its moving mean and variance.
/// </remarks>
public sealed class BatchNormalization : nn.Module<Tensor, Tensor>, IBatchStatisticsRecalibration
{
    /// <summary>TensorFlow's default epsilon.</summary>
    public const double DefaultEpsilon = 1e-3;

    /// <summary>Moving-average momentum of the reference model.</summary>
    public const double DefaultMomentum = 0.9999;

    // Field names are checkpoint keys; RegisterComponents registers them under these names.
#pragma warning disable IDE1006
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
#pragma warning restore IDE1006

    private BatchStatisticsAccumulator? _recalibration;

    /// <summary>Creates the layer for <paramref name="size"/> positions along axis 1, with scale 1, offset 0, moving mean 0 and moving variance 1.</summary>
    public BatchNormalization(long size, double epsilon = DefaultEpsilon, double momentum = DefaultMomentum)
        : base(nameof(BatchNormalization))
    {
        Size = size;
        Epsilon = epsilon;
        Momentum = momentum;
        weight = new Parameter(ones(size));
        bias = new Parameter(zeros(size));
        running_mean = zeros(size);
        running_var = ones(size);
        RegisterComponents();
    }

    /// <summary>Number of statistics, the length of axis 1.</summary>
    public long Size { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Weight of the old value in each moving-average update.</summary>
    public double Momentum { get; }

    /// <inheritdoc/>
    public bool IsRecalibrating => _recalibration is not null;

    /// <summary>
    /// Normalises <paramref name="input"/> of shape <c>[batch, Size, channels]</c>. In training
    /// mode it also updates the moving statistics, and during a recalibration it records the
    /// batch statistics instead.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3 || input.shape[1] != Size)
        {
            throw new ArgumentException($"Batch normalisation expects [batch, {Size}, channels], got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        Tensor mean;
        Tensor variance;
        if (_recalibration is not null)
        {
            (variance, mean) = var_mean(input, new long[] { 0, 2 }, unbiased: false, keepdim: true);
            _recalibration.Add(mean, variance);
        }
        else if (training)
        {
            (variance, mean) = var_mean(input, new long[] { 0, 2 }, unbiased: false, keepdim: true);
            using (no_grad())
            {
                running_mean.mul_(Momentum).add_(mean.detach().flatten(), 1 - Momentum);
                running_var.mul_(Momentum).add_(variance.detach().flatten(), 1 - Momentum);
            }
        }
        else
        {
            mean = running_mean.view(1, -1, 1);
            variance = running_var.view(1, -1, 1);
        }

        // y = x·scale + shift with scale = γ / sqrt(σ² + ε) and shift = β − μ·scale: two passes over x.
        Tensor scale = weight.view(1, -1, 1) * (variance + Epsilon).rsqrt();
        Tensor shift = bias.view(1, -1, 1) - mean * scale;
        return addcmul(shift, input, scale, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void BeginRecalibration() => BatchStatisticsAccumulator.Start(ref _recalibration, Size);

    /// <inheritdoc/>
    public void EndRecalibration()
    {
        using BatchStatisticsAccumulator recalibration = BatchStatisticsAccumulator.Take(ref _recalibration);
        recalibration.CopyAveragesTo(running_mean, running_var);
    }

    /// <inheritdoc/>
    public void CancelRecalibration() => BatchStatisticsAccumulator.Discard(ref _recalibration);
}
