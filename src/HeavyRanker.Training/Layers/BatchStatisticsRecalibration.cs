using TorchSharp;
using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>
/// A normalisation layer whose moving statistics can be recalibrated ("precise batch norm"):
/// between <see cref="BeginRecalibration"/> and <see cref="EndRecalibration"/> every forward
/// pass normalises with the statistics of its own batch and records them, and
/// <see cref="EndRecalibration"/> replaces the moving mean and variance by the plain average
/// over the recorded batches. <see cref="ClemNetNetwork.RecalibrateBatchNorm"/> drives it for
/// every such layer of a network.
/// </summary>
public interface IBatchStatisticsRecalibration
{
    /// <summary>Weight of the old value in each moving-average update of the mean and variance.</summary>
    double Momentum { get; }

    /// <summary>Whether the layer is between <see cref="BeginRecalibration"/> and <see cref="EndRecalibration"/> or <see cref="CancelRecalibration"/>.</summary>
    bool IsRecalibrating { get; }

    /// <summary>
    /// Starts recording batch statistics. Until the recalibration ends, forward passes use batch
    /// statistics in both training and evaluation mode and update no moving statistic.
    /// </summary>
    /// <exception cref="InvalidOperationException">A recalibration is already running.</exception>
    void BeginRecalibration();

    /// <summary>
    /// Stops recording and replaces the moving statistics by the averages of the recorded
    /// batches. When no batch was recorded it stops recording, changes nothing and throws.
    /// </summary>
    /// <exception cref="InvalidOperationException">No recalibration is running, or it recorded no batch.</exception>
    void EndRecalibration();

    /// <summary>Stops recording and leaves every statistic as it was before <see cref="BeginRecalibration"/>.</summary>
    void CancelRecalibration();
}

/// <summary>
/// Running sums of per-batch means and biased variances, the shared bookkeeping of
/// <see cref="IBatchStatisticsRecalibration"/>. Sums are kept in float64 so that averaging
/// thousands of batches loses no float32 precision.
/// </summary>
internal sealed class BatchStatisticsAccumulator : IDisposable
{
    private readonly Tensor _meanSum;
    private readonly Tensor _varianceSum;

    /// <summary>Creates empty sums for <paramref name="size"/> statistics.</summary>
    public BatchStatisticsAccumulator(long size)
    {
        _meanSum = zeros(size, dtype: ScalarType.Float64);
        _varianceSum = zeros(size, dtype: ScalarType.Float64);
    }

    /// <summary>Puts new sums for <paramref name="size"/> statistics into a layer's empty <paramref name="field"/>.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="field"/> already contains a running recalibration.</exception>
    public static void Start(ref BatchStatisticsAccumulator? field, long size)
    {
        if (field is not null)
        {
            throw new InvalidOperationException("A batch-norm recalibration is already running on this layer. End or cancel it first.");
        }

        field = new BatchStatisticsAccumulator(size);
    }

    /// <summary>Removes the running recalibration from a layer's <paramref name="field"/> and returns it. The caller disposes it.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="field"/> is empty.</exception>
    public static BatchStatisticsAccumulator Take(ref BatchStatisticsAccumulator? field)
    {
        BatchStatisticsAccumulator recalibration = field
            ?? throw new InvalidOperationException("No batch-norm recalibration is running on this layer. Call BeginRecalibration first.");
        field = null;
        return recalibration;
    }

    /// <summary>Disposes and removes the running recalibration of a layer's <paramref name="field"/>, if any.</summary>
    public static void Discard(ref BatchStatisticsAccumulator? field)
    {
        field?.Dispose();
        field = null;
    }

    /// <summary>Number of batches recorded.</summary>
    public int BatchCount { get; private set; }

    /// <summary>Adds one batch's <paramref name="mean"/> and <paramref name="variance"/>, each with <c>size</c> elements in any shape.</summary>
    public void Add(Tensor mean, Tensor variance)
    {
        using (no_grad())
        {
            using Tensor flatMean = mean.detach().flatten().to_type(ScalarType.Float64);
            using Tensor flatVariance = variance.detach().flatten().to_type(ScalarType.Float64);
            _meanSum.add_(flatMean);
            _varianceSum.add_(flatVariance);
        }

        BatchCount++;
    }

    /// <summary>Copies the average batch mean into <paramref name="runningMean"/> and the average batch variance into <paramref name="runningVariance"/>.</summary>
    /// <exception cref="InvalidOperationException">No batch was recorded.</exception>
    public void CopyAveragesTo(Tensor runningMean, Tensor runningVariance)
    {
        if (BatchCount == 0)
        {
            throw new InvalidOperationException("Batch-norm recalibration recorded no batch. Run at least one forward pass between BeginRecalibration and EndRecalibration.");
        }

        using (no_grad())
        {
            using Tensor meanAverage = _meanSum / BatchCount;
            using Tensor varianceAverage = _varianceSum / BatchCount;
            runningMean.copy_(meanAverage);
            runningVariance.copy_(varianceAverage);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _meanSum.Dispose();
        _varianceSum.Dispose();
    }
}
