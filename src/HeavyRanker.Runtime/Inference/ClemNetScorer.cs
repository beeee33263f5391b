using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Inference;

/// <summary>
/// Pure-C# inference for a ClemNet checkpoint: the dense transform, the sparse gathers, every
/// tower with its batch norms folded (see <see cref="FoldedTower"/>), the probabilities as the
/// cumulative product of the tower sigmoids, and the weighted score. It computes what the
/// TorchSharp network computes in evaluation mode.
/// </summary>
/// <remarks>
/// Weights are immutable after construction and every call works in scratch buffers owned by
/// the calling thread, so one instance may be used from many threads at once. After the first
/// call on a thread, <see cref="Score(FeatureBatch, Span{float}, Span{float})"/> allocates
/// nothing. A record's output depends only on that record and is bit-identical run to run,
/// whatever the batch size, the record's position or the degree of parallelism.
/// </remarks>
public sealed class ClemNetScorer
{
    /// <summary>Records the towers process together; their activations stay in L2.</summary>
    public const int RowBlock = 64;

    [ThreadStatic]
    private static ScorerScratch? t_scratch;

    private readonly InputTransform _input;
    private readonly FoldedTower[] _towers;
    private readonly float[] _scoreWeights;
    private readonly double _scoreWeightSum;
    private readonly int _largestActivation;

    /// <summary>Creates a scorer from a checkpoint, which is validated against <paramref name="definition"/> first.</summary>
    /// <exception cref="CheckpointException">The checkpoint belongs to another model or lacks a tensor.</exception>
    /// <exception cref="ArgumentException">The definition has no tasks, or its score weights do not sum to a positive number.</exception>
    public ClemNetScorer(IModelDefinition definition, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckpointValidator.Validate("(checkpoint in memory)", checkpoint, definition);
        if (definition.Tasks.Count == 0)
        {
            throw new ArgumentException($"Model '{definition.Name}' has no tasks; a scorer needs at least one.", nameof(definition));
        }

        Definition = definition;
        _input = new InputTransform(definition, checkpoint);
        _towers = new FoldedTower[definition.Tasks.Count];
        for (int tower = 0; tower < _towers.Length; tower++)
        {
            _towers[tower] = FoldedTower.Create(definition, checkpoint, tower);
        }

        _scoreWeights = definition.Tasks.Select(task => (float)task.ScoreWeight).ToArray();
        _scoreWeightSum = _scoreWeights.Sum();
        if (!(_scoreWeightSum > 0))
        {
            throw new ArgumentException($"The task score weights of model '{definition.Name}' sum to {_scoreWeightSum}; at least one must be positive.", nameof(definition));
        }

        _largestActivation = MeasureActivations(definition.InputWidth, _towers);
    }

    /// <summary>Loads <c>model.safetensors</c> at <paramref name="path"/>, validated against <paramref name="definition"/>.</summary>
    /// <exception cref="CheckpointException">The file is malformed, truncated or belongs to another model.</exception>
    public static ClemNetScorer Load(string path, IModelDefinition definition) =>
        new(definition, CheckpointFile.Load(path, definition));

    /// <summary>The compiled spec the scorer was built for.</summary>
    public IModelDefinition Definition { get; }

    /// <summary>Number of tasks T, the width of each probability row.</summary>
    public int TaskCount => _towers.Length;

    /// <summary>
    /// Scores every record of <paramref name="batch"/> on the calling thread: probability
    /// <c>[Count, TaskCount]</c> row-major (task t is the product of the first t + 1 tower
    /// sigmoids) and score <c>[Count]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer is too small, the batch has other widths than the model, or a sparse key is outside [0, 2^bits).</exception>
    public void Score(FeatureBatch batch, Span<float> probabilities, Span<float> scores)
    {
        CheckArguments(batch, probabilities.Length, scores.Length);
        ScorerScratch scratch = RentScratch();
        for (int start = 0; start < batch.Count; start += RowBlock)
        {
            int rows = Math.Min(RowBlock, batch.Count - start);
            ScoreRows(batch, start, rows, scratch, probabilities.Slice(start * TaskCount, rows * TaskCount), scores.Slice(start, rows));
        }
    }

    /// <summary>Scores record <paramref name="row"/> of <paramref name="batch"/>, writes its probabilities and returns its score.</summary>
    public float Score(FeatureBatch batch, int row, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, batch.Count);
        CheckWidths(batch);
        if (probabilities.Length < TaskCount)
        {
            throw new ArgumentException($"The probability buffer has {probabilities.Length} elements; one record needs {TaskCount}.", nameof(probabilities));
        }

        Span<float> score = stackalloc float[1];
        ScoreRows(batch, row, 1, RentScratch(), probabilities[..TaskCount], score);
        return score[0];
    }

    /// <summary>
    /// Scores <paramref name="batch"/> like <see cref="Score(FeatureBatch, Span{float}, Span{float})"/>,
    /// spreading blocks of <see cref="RowBlock"/> records over the thread pool. The output equals
    /// the single-thread output bit for bit. This overload allocates the parallel loop's state.
    /// </summary>
    public void ScoreParallel(FeatureBatch batch, float[] probabilities, float[] scores, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(scores);
        CheckArguments(batch, probabilities.Length, scores.Length);
        int blocks = (batch.Count + RowBlock - 1) / RowBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, blocks, options, block =>
        {
            int start = block * RowBlock;
            int rows = Math.Min(RowBlock, batch.Count - start);
            ScoreRows(batch, start, rows, RentScratch(), probabilities.AsSpan(start * TaskCount, rows * TaskCount), scores.AsSpan(start, rows));
        });
    }

    /// <summary>Counts the multiply-adds of one record through every tower, for throughput figures.</summary>
    public long MultiplyAddsPerRecord()
    {
        long total = 0;
        foreach (FoldedTower tower in _towers)
        {
            foreach (FoldedBlock block in tower.Blocks)
            {
                int length = block.InputLength;
                if (block.Dense is not null)
                {
                    total += (long)block.InputChannels * length * block.DenseUnits;
                    length = block.DenseUnits;
                }

                if (block.ConvWeight is not null)
                {
                    total += (long)block.OutputLength * block.ConvFilters * block.ConvKernel * block.InputChannels;
                }

                if (block.ResidualWeight is not null)
                {
                    total += (long)block.OutputLength * block.OutputChannels * block.InputChannels;
                }
            }

            foreach (PackedMatrix top in tower.Top)
            {
                total += (long)top.Depth * top.Columns;
            }

            total += tower.Logits.Depth;
        }

        return total;
    }

    private void CheckArguments(FeatureBatch batch, int probabilityLength, int scoreLength)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckWidths(batch);
        if (probabilityLength < batch.Count * TaskCount)
        {
            throw new ArgumentException($"The probability buffer has {probabilityLength} elements; {batch.Count} records × {TaskCount} tasks need {batch.Count * TaskCount}.", "probabilities");
        }

        if (scoreLength < batch.Count)
        {
            throw new ArgumentException($"The score buffer has {scoreLength} elements; {batch.Count} records need {batch.Count}.", "scores");
        }
    }

    private void CheckWidths(FeatureBatch batch)
    {
        if (batch.ContinuousWidth != Definition.ContinuousFeatures.Count || batch.BinaryWidth != Definition.BinaryFeatures.Count)
        {
            throw new ArgumentException(
                $"The batch has {batch.ContinuousWidth} continuous and {batch.BinaryWidth} binary features; model '{Definition.Name}' expects {Definition.ContinuousFeatures.Count} and {Definition.BinaryFeatures.Count}.",
                nameof(batch));
        }

        if ((Definition.HasSparseNotContinuous && batch.SparseNotContinuous.RowCount != batch.Count)
            || (Definition.HasSparseContinuous && batch.SparseContinuous.RowCount != batch.Count))
        {
            throw new ArgumentException($"A sparse group of the batch has another row count than its {batch.Count} records; call EndRow once per record.", nameof(batch));
        }
    }

    private ScorerScratch RentScratch()
    {
        ScorerScratch? scratch = t_scratch;
        if (scratch is null || !ReferenceEquals(scratch.Owner, this))
        {
            scratch = new ScorerScratch(this, RowBlock, Definition.InputWidth, _largestActivation, TaskCount);
            t_scratch = scratch;
        }

        return scratch;
    }

    private void ScoreRows(FeatureBatch batch, int start, int rows, ScorerScratch scratch, Span<float> probabilities, Span<float> scores)
    {
        Span<float> input = scratch.Input.AsSpan(0, rows * Definition.InputWidth);
        _input.Transform(batch, start, rows, input);

        for (int tower = 0; tower < _towers.Length; tower++)
        {
            TowerRunner.Run(_towers[tower], input, rows, Definition.InputWidth, scratch, scratch.Logits.AsSpan(tower * RowBlock, rows));
        }

        for (int row = 0; row < rows; row++)
        {
            float probability = 1f;
            double weighted = 0;
            for (int task = 0; task < TaskCount; task++)
            {
                probability *= ActivationFunctions.Sigmoid(scratch.Logits[(task * RowBlock) + row]);
                probabilities[(row * TaskCount) + task] = probability;
                weighted += _scoreWeights[task] * (double)probability;
            }

            scores[row] = (float)(weighted / _scoreWeightSum);
        }
    }

    private static int MeasureActivations(int inputWidth, FoldedTower[] towers)
    {
        int largest = inputWidth;
        foreach (FoldedTower tower in towers)
        {
            foreach (FoldedBlock block in tower.Blocks)
            {
                largest = Math.Max(largest, block.InputChannels * Math.Max(block.DenseUnits, block.InputLength));
                largest = Math.Max(largest, block.OutputChannels * block.OutputLength);
            }

            foreach (PackedMatrix top in tower.Top)
            {
                largest = Math.Max(largest, Math.Max(top.Depth, top.Columns));
            }
        }

        return largest;
    }
}

/// <summary>Per-thread buffers of one scorer, sized for <see cref="ClemNetScorer.RowBlock"/> records.</summary>
internal sealed class ScorerScratch
{
    public ScorerScratch(ClemNetScorer owner, int rowBlock, int inputWidth, int largestActivation, int taskCount)
    {
        Owner = owner;
        Input = new float[rowBlock * inputWidth];
        Activations = new float[3][];
        for (int index = 0; index < Activations.Length; index++)
        {
            Activations[index] = new float[rowBlock * largestActivation];
        }

        Logits = new float[rowBlock * taskCount];
        LogitColumn = new float[rowBlock];
    }

    public ClemNetScorer Owner { get; }

    /// <summary>Model input <c>[rows, F]</c>.</summary>
    public float[] Input { get; }

    /// <summary>Three rotating activation buffers, each <c>[channels, rows, length]</c>.</summary>
    public float[][] Activations { get; }

    /// <summary>Logits <c>[tasks, RowBlock]</c>.</summary>
    public float[] Logits { get; }

    /// <summary>One tower's logits <c>[rows]</c>.</summary>
    public float[] LogitColumn { get; }
}
