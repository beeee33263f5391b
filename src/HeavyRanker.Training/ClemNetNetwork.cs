using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Features;
using HeavyRanker.Runtime.Models;
using HeavyRanker.Training.Layers;
using HeavyRanker.Training.Native;
using HeavyRanker.Training.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HeavyRanker.Training;

/// <summary>
/// The ClemNet training graph of a compiled spec: the feature transforms (<c>features</c>), one
/// tower per task (<c>towers.N</c>), logits <c>[batch, tasks]</c>, probabilities as the
/// cumulative product of the sigmoids along the tasks, and the weighted score. Parameter and
/// buffer names equal <see cref="IModelDefinition.Tensors"/>, the names every checkpoint
/// consumer shares. The generator derives <c>&lt;Name&gt;Network</c> from this class.
/// </summary>
/// <remarks>
/// <see cref="nn.Module.train"/> and <see cref="nn.Module.eval"/> reach every submodule. In
/// training mode batch norm and SparseMaxNorm update their statistics during
/// <see cref="forward"/>, so a training batch needs at least two records.
/// </remarks>
public class ClemNetNetwork : nn.Module<NetworkInput, Tensor>
{
#pragma warning disable IDE1006
    private readonly FeatureTransform features;
    private readonly ModuleList<ClemNetTower> towers;
#pragma warning restore IDE1006

    // A float array, not a Tensor field: RegisterComponents would publish a Tensor field as a buffer.
    private readonly float[] _scoreWeights;
    private readonly double _scoreWeightSum;

    /// <summary>
    /// Creates the network of <paramref name="definition"/>. Weights are drawn from a private
    /// generator seeded with <paramref name="seed"/>, or with the spec's training seed when it
    /// is null, so two networks of one spec start identical even while other threads draw
    /// random numbers.
    /// </summary>
    public ClemNetNetwork(IModelDefinition definition, long? seed = null)
        : base(definition.Name + "Network")
    {
        ArgumentNullException.ThrowIfNull(definition);
        TorchRuntime.EnsureLoaded();
        Definition = definition;
        if (definition.Tasks.Count == 0)
        {
            throw new ArgumentException($"Model '{definition.Name}' has no tasks; a ClemNet network needs at least one.", nameof(definition));
        }

        using var generator = new Generator((ulong)(seed ?? definition.Training.Seed), CPU);
        features = new FeatureTransform(
            definition.ContinuousFeatures.Count,
            definition.BinaryFeatures.Count,
            definition.HasSparseNotContinuous,
            definition.HasSparseContinuous,
            definition.SparseBits,
            definition.EmbeddingSize);

        towers = new ModuleList<ClemNetTower>();
        for (int task = 0; task < definition.Tasks.Count; task++)
        {
            towers.Add(new ClemNetTower(definition.Architecture, definition.InputWidth, generator));
        }

        float[] weights = definition.Tasks.Select(task => (float)task.ScoreWeight).ToArray();
        _scoreWeightSum = weights.Sum();
        if (!(_scoreWeightSum > 0))
        {
            throw new ArgumentException($"The task score weights of model '{definition.Name}' sum to {_scoreWeightSum}; at least one must be positive.", nameof(definition));
        }

        _scoreWeights = weights;
        RegisterComponents();
    }

    /// <summary>The compiled spec the network was built from.</summary>
    public IModelDefinition Definition { get; }

    /// <summary>Number of tasks (towers).</summary>
    public int TaskCount => Definition.Tasks.Count;

    /// <summary>Computes the logits <c>[batch, tasks]</c>.</summary>
    public override Tensor forward(NetworkInput input)
    {
        using var scope = NewDisposeScope();
        Tensor modelInput = features.forward(input);
        var logits = new List<Tensor>(towers.Count);
        foreach (ClemNetTower tower in towers)
        {
            logits.Add(tower.forward(modelInput));
        }

        return cat(logits, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Turns logits <c>[batch, tasks]</c> into the joint probabilities and the score.</summary>
    public NetworkOutput Outputs(Tensor logits)
    {
        using var scope = NewDisposeScope();
        Tensor probabilities = logits.sigmoid().cumprod(1);
        Tensor score = probabilities.matmul(tensor(_scoreWeights, dtype: probabilities.dtype)) / _scoreWeightSum;
        return new NetworkOutput(
            logits.alias().MoveToOuterDisposeScope(),
            probabilities.MoveToOuterDisposeScope(),
            score.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Scores <paramref name="input"/> without recording gradients, in the current mode; call
    /// <see cref="nn.Module.eval"/> first for inference, because training mode updates statistics.
    /// </summary>
    public NetworkOutput Predict(NetworkInput input)
    {
        using (no_grad())
        {
            using Tensor logits = forward(input);
            return Outputs(logits);
        }
    }

    /// <summary>Scores a feature batch without recording gradients, in the current mode.</summary>
    public NetworkOutput Predict(FeatureBatch batch)
    {
        using NetworkInput input = NetworkInput.FromBatch(batch);
        return Predict(input);
    }

    /// <summary>Lists every batch-norm layer: the continuous block's batch renormalisation and the blocks' batch normalisations.</summary>
    public IReadOnlyList<IBatchStatisticsRecalibration> BatchNormLayers() =>
        modules().OfType<IBatchStatisticsRecalibration>().ToList();

    /// <summary>
    /// Recalibrates the moving statistics of every batch-norm layer ("precise batch norm"): runs
    /// <paramref name="batches"/> forward without gradients, with each batch-norm layer
    /// normalising by the statistics of its batch, then sets each layer's moving mean and
    /// variance to the plain average of its batch means and biased batch variances (see
    /// <see cref="IBatchStatisticsRecalibration"/>). The pass runs in evaluation mode, so no
    /// parameter and no SparseMaxNorm maximum changes. The network's mode is restored afterwards.
    /// Returns the number of batches.
    /// </summary>
    /// <remarks>
    /// Each layer records statistics of inputs that the layers before it normalised with batch
    /// statistics, as in training, not with their new moving statistics. With batches of a few
    /// hundred records the two differ little. If a batch fails, every layer keeps its old statistics.
    /// </remarks>
    /// <exception cref="ArgumentException">A batch has fewer than 2 records, or there is no batch.</exception>
    public int RecalibrateBatchNorm(IEnumerable<NetworkInput> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        IReadOnlyList<IBatchStatisticsRecalibration> layers = BatchNormLayers();
        bool wasTraining = training;
        int batchCount = 0;
        bool completed = false;
        eval();
        foreach (IBatchStatisticsRecalibration layer in layers)
        {
            layer.BeginRecalibration();
        }

        try
        {
            using (no_grad())
            {
                foreach (NetworkInput input in batches)
                {
                    if (input.Count < 2)
                    {
                        throw new ArgumentException($"Batch {batchCount} has {input.Count} record(s); batch-norm recalibration needs at least 2 per batch for a variance.", nameof(batches));
                    }

                    using var scope = NewDisposeScope();
                    forward(input);
                    batchCount++;
                }
            }

            if (batchCount == 0)
            {
                throw new ArgumentException("Batch-norm recalibration needs at least one batch, but got none.", nameof(batches));
            }

            foreach (IBatchStatisticsRecalibration layer in layers)
            {
                layer.EndRecalibration();
            }

            completed = true;
        }
        finally
        {
            if (!completed)
            {
                foreach (IBatchStatisticsRecalibration layer in layers)
                {
                    layer.CancelRecalibration();
                }
            }

            train(wasTraining);
        }

        return batchCount;
    }

    /// <summary>
    /// Copies every tensor into a checkpoint, in the order of <see cref="IModelDefinition.Tensors"/>,
    /// with the metadata of <see cref="CheckpointMetadata.Create(IModelDefinition, long)"/> plus
    /// <paramref name="extraMetadata"/>.
    /// </summary>
    public Checkpoint ToCheckpoint(long step, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        Dictionary<string, Tensor> state = state_dict();
        var tensors = new List<CheckpointTensor>(Definition.Tensors.Count);
        foreach (TensorShape shape in Definition.Tensors)
        {
            if (!state.TryGetValue(shape.Name, out Tensor? value))
            {
                throw new InvalidOperationException($"The network has no tensor '{shape.Name}', which the model definition lists; the network and the definition disagree.");
            }

            using Tensor contiguousCopy = value.detach().to_type(ScalarType.Float32).contiguous();
            tensors.Add(new CheckpointTensor(shape.Name, (int[])shape.Shape.Clone(), contiguousCopy.data<float>().ToArray()));
        }

        Dictionary<string, string> metadata = CheckpointMetadata.Create(Definition, step);
        if (extraMetadata is not null)
        {
            foreach (KeyValuePair<string, string> entry in extraMetadata)
            {
                metadata[entry.Key] = entry.Value;
            }
        }

        return new Checkpoint(tensors, metadata);
    }

    /// <summary>Copies every tensor of <paramref name="checkpoint"/> into the network.</summary>
    /// <exception cref="ArgumentException">A tensor is missing or has another shape.</exception>
    public void LoadCheckpoint(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Dictionary<string, Tensor> state = state_dict();
        using (no_grad())
        {
            foreach (TensorShape shape in Definition.Tensors)
            {
                if (!checkpoint.TryGet(shape.Name, out CheckpointTensor? stored))
                {
                    throw new ArgumentException($"The checkpoint has no tensor '{shape.Name}'.", nameof(checkpoint));
                }

                if (!stored.Shape.SequenceEqual(shape.Shape))
                {
                    throw new ArgumentException(
                        $"Tensor '{shape.Name}' has shape [{string.Join(", ", stored.Shape)}] in the checkpoint but [{string.Join(", ", shape.Shape)}] in the model.",
                        nameof(checkpoint));
                }

                long[] dimensions = shape.Shape.Select(dimension => (long)dimension).ToArray();
                using Tensor source = tensor(stored.Data, dimensions);
                state[shape.Name].copy_(source);
            }
        }
    }

    /// <summary>Saves the network to a safetensors file (atomically) with the step in its metadata.</summary>
    public void Save(string path, long step, IReadOnlyDictionary<string, string>? extraMetadata = null) =>
        CheckpointFile.Save(path, ToCheckpoint(step, extraMetadata));

    /// <summary>Loads a safetensors file, validated against the definition, into the network and returns its metadata.</summary>
    /// <exception cref="CheckpointException">The file is malformed or belongs to a different model.</exception>
    public IReadOnlyDictionary<string, string> Load(string path)
    {
        Checkpoint checkpoint = CheckpointFile.Load(path, Definition);
        LoadCheckpoint(checkpoint);
        return checkpoint.Metadata;
    }
}
