using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>
/// Batch renormalisation (Ioffe 2017) of a <c>[batch, features]</c> tensor with TensorFlow 1
/// semantics, as the dense continuous block uses it. In training, with batch mean μ_B, biased
/// batch variance σ²_B and σ_B = sqrt(σ²_B + ε):
/// r = σ_B / max(σ_renorm, sqrt(ε)) and d = (μ_B − μ_renorm) / max(σ_renorm, sqrt(ε)), both
/// without gradient and unclipped, and y = γ·(((x − μ_B) / σ_B)·r + d) + β. After r and d are
/// computed, μ_renorm and σ_renorm move towards μ_B and σ_B with the renorm momentum, and the
/// moving mean and variance towards μ_B and σ²_B with the moving momentum. Evaluation uses
/// the moving mean and variance only. During a recalibration
/// (<see cref="IBatchStatisticsRecalibration"/>) it normalises with the batch statistics alone
/// (r = 1, d = 0) in either mode and records them; ending it sets the moving mean and the
/// renorm mean to the average batch mean, the moving variance to the average batch variance
/// and the renorm stddev to sqrt(that variance + ε).
/// </summary>
public sealed class BatchRenormalization : nn.Module<Tensor, Tensor>, IBatchStatisticsRecalibration
{
    /// <summary>Renorm momentum of the reference model.</summary>
    public const double DefaultRenormMomentum = 0.99;

    // Field names are checkpoint keys; RegisterComponents registers them under these names.
#pragma warning disable IDE1006
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor renorm_mean;
    private readonly Tensor renorm_stddev;
#pragma warning restore IDE1006

    private BatchStatisticsAccumulator? _recalibration;

    /// <summary>
    /// Creates the layer for <paramref name="size"/> features with TensorFlow's initial values:
    /// scale 1, offset 0, moving mean 0, moving variance 1, renorm mean 0, renorm stddev 1.
    /// </summary>
    public BatchRenormalization(
        long size,
        double epsilon = BatchNormalization.DefaultEpsilon,
        double momentum = BatchNormalization.DefaultMomentum,
        double renormMomentum = DefaultRenormMomentum)
        : base(nameof(BatchRenormalization))
    {
        Size = size;
        Epsilon = epsilon;
        Momentum = momentum;
        RenormMomentum = renormMomentum;
        weight = new Parameter(ones(size));
        bias = new Parameter(zeros(size));
        running_mean = zeros(size);
        running_var = ones(size);
        renorm_mean = zeros(size);
        renorm_stddev = ones(size);
        RegisterComponents();
    }

    /// <summary>Number of features.</summary>
    public long Size { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Weight of the old value in each update of the moving mean and variance.</summary>
    public double Momentum { get; }

    /// <summary>Weight of the old value in each update of the renorm mean and stddev.</summary>
    public double RenormMomentum { get; }

    /// <inheritdoc/>
    public bool IsRecalibrating => _recalibration is not null;

    /// <summary>
    /// Normalises <paramref name="input"/> of shape <c>[batch, Size]</c>. In training mode it
    /// also updates all four statistics, and during a recalibration it records the batch
    /// statistics instead.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 2 || input.shape[1] != Size)
        {
            throw new ArgumentException($"Batch renormalisation expects [batch, {Size}], got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        if (_recalibration is not null)
        {
            (Tensor batchVariance, Tensor batchMean) = var_mean(input, 0L, unbiased: false, keepdim: false);
            _recalibration.Add(batchMean, batchVariance);
            Tensor scaleBatch = weight * (batchVariance + Epsilon).rsqrt();
            Tensor shiftBatch = bias - batchMean * scaleBatch;
            return addcmul(shiftBatch, input, scaleBatch, 1).MoveToOuterDisposeScope();
        }

        if (!training)
        {
            Tensor scaleEval = weight * (running_var + Epsilon).rsqrt();
            Tensor shiftEval = bias - running_mean * scaleEval;
            return addcmul(shiftEval, input, scaleEval, 1).MoveToOuterDisposeScope();
        }

        (Tensor variance, Tensor mean) = var_mean(input, 0L, unbiased: false, keepdim: false);
        Tensor stddev = (variance + Epsilon).sqrt();

        Tensor r;
        Tensor d;
        using (no_grad())
        {
            Tensor renormStddev = renorm_stddev.clamp_min(Math.Sqrt(Epsilon));
            r = stddev.detach() / renormStddev;
            d = (mean.detach() - renorm_mean) / renormStddev;

            renorm_mean.mul_(RenormMomentum).add_(mean.detach(), 1 - RenormMomentum);
            renorm_stddev.mul_(RenormMomentum).add_(stddev.detach(), 1 - RenormMomentum);
            running_mean.mul_(Momentum).add_(mean.detach(), 1 - Momentum);
            running_var.mul_(Momentum).add_(variance.detach(), 1 - Momentum);
        }

        // γ·(x̂·r + d) + β = x̂·(γ·r) + (γ·d + β), with x̂ = (x − μ_B) / σ_B.
        Tensor scale = weight * r / stddev;
        Tensor shift = weight * d + bias - mean * scale;
        return addcmul(shift, input, scale, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void BeginRecalibration() => BatchStatisticsAccumulator.Start(ref _recalibration, Size);

    /// <inheritdoc/>
    public void EndRecalibration()
    {
        using BatchStatisticsAccumulator recalibration = BatchStatisticsAccumulator.Take(ref _recalibration);
        recalibration.CopyAveragesTo(running_mean, running_var);

        // The renorm statistics describe the same distribution, so training resumed from this
        // checkpoint starts with r ≈ 1 and d ≈ 0.
        using (no_grad())
        {
            renorm_mean.copy_(running_mean);
            using Tensor stddev = (running_var + Epsilon).sqrt();
            renorm_stddev.copy_(stddev);
        }
    }

    /// <inheritdoc/>
    public void CancelRecalibration() => BatchStatisticsAccumulator.Discard(ref _recalibration);
}
