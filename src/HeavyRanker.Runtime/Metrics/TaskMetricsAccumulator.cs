namespace HeavyRanker.Runtime.Metrics;

/// <summary>
/// Streams (label, prediction, weight) records of one binary task and computes its
/// <see cref="TaskMetrics"/>, weighted and unweighted.
/// </summary>
/// <remarks>
/// Everything except the exact metrics (exact ROC-AUC, average precision, NRCE) uses constant
/// memory: sums and a 201-bucket histogram per weighting. The exact metrics need every record,
/// so by default the accumulator keeps (prediction, label, weight), 9 bytes per record, and
/// <see cref="Compute"/> sorts them with 8 more bytes per record. Pass <c>keepPredictions: false</c> for constant memory,
/// and those three metrics are then NaN. An instance is not thread-safe.
/// </remarks>
public sealed class TaskMetricsAccumulator
{
    private readonly StreamingSums _weighted = new();
    private readonly StreamingSums _unweighted = new();
    private float[] _predictions = Array.Empty<float>();
    private bool[] _labels = Array.Empty<bool>();
    private float[] _weights = Array.Empty<float>();
    private int _keptCount;

    /// <summary>Creates an empty accumulator for the task <paramref name="task"/>.</summary>
    public TaskMetricsAccumulator(string task, bool keepPredictions = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        Task = task;
        KeepPredictions = keepPredictions;
    }

    /// <summary>Task name reported in the metrics.</summary>
    public string Task { get; }

    /// <summary>Whether records are kept for the exact metrics.</summary>
    public bool KeepPredictions { get; }

    /// <summary>Number of records added.</summary>
    public long Count => _unweighted.Samples;

    /// <summary>Adds one record.</summary>
    /// <param name="label">0 or 1.</param>
    /// <param name="prediction">Probability in [0, 1].</param>
    /// <param name="weight">Finite, non-negative record weight; 0 masks the record from weighted metrics.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public void Add(float label, float prediction, float weight = 1f)
    {
        bool positive = ValidateLabel(label, index: null);
        ValidatePrediction(prediction, index: null);
        ValidateWeight(weight, index: null);
        AddValidated(positive, prediction, weight);
    }

    /// <summary>Adds a batch of records with weight 1.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a value is outside its range (nothing is added then).</exception>
    public void Add(ReadOnlySpan<float> labels, ReadOnlySpan<float> predictions)
    {
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"The batch has {labels.Length} labels but {predictions.Length} predictions; pass one of each per record.", nameof(predictions));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            ValidateLabel(labels[i], i);
            ValidatePrediction(predictions[i], i);
        }

        for (int i = 0; i < labels.Length; i++)
        {
            AddValidated(labels[i] == 1f, predictions[i], 1f);
        }
    }

    /// <summary>Adds a batch of weighted records.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a value is outside its range (nothing is added then).</exception>
    public void Add(ReadOnlySpan<float> labels, ReadOnlySpan<float> predictions, ReadOnlySpan<float> weights)
    {
        if (labels.Length != predictions.Length || labels.Length != weights.Length)
        {
            throw new ArgumentException(
                $"The batch has {labels.Length} labels, {predictions.Length} predictions and {weights.Length} weights; pass one of each per record.",
                nameof(weights));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            ValidateLabel(labels[i], i);
            ValidatePrediction(predictions[i], i);
            ValidateWeight(weights[i], i);
        }

        for (int i = 0; i < labels.Length; i++)
        {
            AddValidated(labels[i] == 1f, predictions[i], weights[i]);
        }
    }

    /// <summary>Removes every record, keeping allocated buffers.</summary>
    public void Reset()
    {
        _weighted.Clear();
        _unweighted.Clear();
        _keptCount = 0;
    }

    /// <summary>
    /// Computes the metrics of the records added so far. With kept predictions this sorts them,
    /// O(n log n); the accumulator stays usable afterwards.
    /// </summary>
    public TaskMetrics Compute()
    {
        ExactMetrics.Result weightedExact = ExactMetrics.Result.Unavailable;
        ExactMetrics.Result unweightedExact = ExactMetrics.Result.Unavailable;

        if (KeepPredictions)
        {
            var keys = _predictions.AsSpan(0, _keptCount).ToArray();
            int[] order = new int[_keptCount];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(keys, order);
            (weightedExact, unweightedExact) = ExactMetrics.Compute(
                _predictions.AsSpan(0, _keptCount),
                _labels.AsSpan(0, _keptCount),
                _weights.AsSpan(0, _keptCount),
                order);
        }

        return new TaskMetrics(Task, _weighted.ToMetrics(weightedExact), _unweighted.ToMetrics(unweightedExact));
    }

    private void AddValidated(bool label, float prediction, float weight)
    {
        _weighted.Add(label, prediction, weight);
        _unweighted.Add(label, prediction, 1);

        if (!KeepPredictions)
        {
            return;
        }

        if (_keptCount == _predictions.Length)
        {
            int size = Math.Max(1024, _predictions.Length * 2);
            Array.Resize(ref _predictions, size);
            Array.Resize(ref _labels, size);
            Array.Resize(ref _weights, size);
        }

        _predictions[_keptCount] = prediction;
        _labels[_keptCount] = label;
        _weights[_keptCount] = weight;
        _keptCount++;
    }

    private bool ValidateLabel(float label, int? index)
    {
        if (label != 0f && label != 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"{Describe(index)}label must be 0 or 1.");
        }

        return label == 1f;
    }

    private void ValidatePrediction(float prediction, int? index)
    {
        if (!(prediction >= 0f && prediction <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(prediction), prediction, $"{Describe(index)}prediction must be a probability in [0, 1].");
        }
    }

    private void ValidateWeight(float weight, int? index)
    {
        if (!(weight >= 0f && float.IsFinite(weight)))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"{Describe(index)}weight must be finite and non-negative.");
        }
    }

    private string Describe(int? index) =>
        index is int i ? $"Task '{Task}', record {i} of the batch: " : $"Task '{Task}': ";
}
