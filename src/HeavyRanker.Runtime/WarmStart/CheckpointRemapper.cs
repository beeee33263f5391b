using System.Globalization;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>Values of <see cref="TensorRemap.NewPositionRule"/>.</summary>
public static class WarmStartRules
{
    /// <summary>A draw from the truncated normal of <see cref="TensorRemap.Scale"/>.</summary>
    public const string TruncatedNormal = "truncated_normal";

    /// <summary>The value 0, for means and offsets.</summary>
    public const string Zero = "zero";

    /// <summary>The value 1, for variances, standard deviations and fresh scales.</summary>
    public const string One = "one";
}

/// <summary>
/// Builds the new checkpoint in memory. Tensors copied unchanged share their arrays with the old
/// checkpoint; remapped tensors get new arrays.
/// </summary>
internal static class CheckpointRemapper
{
    public static Checkpoint Remap(Checkpoint old, IModelDefinition definition, int seed, string source, out WarmStartReport report)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(definition);

        OldMetadata metadata = ReadMetadata(old, source);
        ThrowIfRepeated(metadata.ContinuousFeatures, $"the continuous features of {source}");
        ThrowIfRepeated(metadata.BinaryFeatures, $"the binary features of {source}");
        ThrowIfRepeated(definition.ContinuousFeatures, $"the continuous features of model '{definition.Name}'");
        ThrowIfRepeated(definition.BinaryFeatures, $"the binary features of model '{definition.Name}'");

        IReadOnlyList<TensorPlan> plans = StructureCheck.Plan(
            old, metadata.ContinuousFeatures.Count, metadata.BinaryFeatures.Count, definition, source, out IReadOnlyList<string> droppedTensors);

        var continuous = FeatureIndexMap.Create(metadata.ContinuousFeatures, definition.ContinuousFeatures);
        var binary = FeatureIndexMap.Create(metadata.BinaryFeatures, definition.BinaryFeatures);
        int[] inputMap = BuildInputMap(continuous, binary, metadata.ContinuousFeatures.Count, metadata.BinaryFeatures.Count, definition.InputWidth);

        var tensors = new List<CheckpointTensor>(plans.Count);
        var remaps = new List<TensorRemap>();
        var copied = new List<string>();
        var initialized = new List<string>();
        foreach (TensorPlan plan in plans)
        {
            string name = plan.Target.Name;
            switch (plan.Source)
            {
                case TensorSource.Copy:
                    tensors.Add(old[name]);
                    copied.Add(name);
                    break;

                case TensorSource.ContinuousVector:
                {
                    CheckpointTensor remapped = RemapAxis(old[name], plan.Target, axis: 0, continuous.OldIndexOfNew, VectorRule(name), seed, out double scale);
                    tensors.Add(remapped);
                    remaps.Add(Describe(name, 0, VectorRule(name), scale, continuous, null, 0));
                    break;
                }

                case TensorSource.FirstDenseKernel:
                {
                    CheckpointTensor remapped = RemapAxis(old[name], plan.Target, axis: 1, inputMap, WarmStartRules.TruncatedNormal, seed, out double scale);
                    tensors.Add(remapped);
                    remaps.Add(Describe(name, 1, WarmStartRules.TruncatedNormal, scale, continuous, binary, metadata.ContinuousFeatures.Count));
                    break;
                }

                case TensorSource.FreshContinuousVector:
                    tensors.Add(CreateFreshVector(plan.Target));
                    initialized.Add(name);
                    break;

                default:
                    throw new InvalidOperationException($"Unknown tensor source {plan.Source} for '{name}'.");
            }
        }

        Dictionary<string, string> newMetadata = CheckpointMetadata.Create(definition, step: 0);
        newMetadata[WarmStartMetadata.SeedKey] = seed.ToString(CultureInfo.InvariantCulture);
        newMetadata[WarmStartMetadata.SourceSpecHashKey] = metadata.SpecHash;
        newMetadata[WarmStartMetadata.SourceStepKey] = metadata.Step.ToString(CultureInfo.InvariantCulture);

        report = new WarmStartReport
        {
            ModelName = definition.Name,
            OldSpecHash = metadata.SpecHash,
            NewSpecHash = definition.SpecHash,
            OldStep = metadata.Step,
            Seed = seed,
            RemappedTensors = remaps,
            CopiedTensors = copied,
            InitializedTensors = initialized,
            DroppedTensors = droppedTensors,
        };
        return new Checkpoint(tensors, newMetadata);
    }

    private sealed record OldMetadata(IReadOnlyList<string> ContinuousFeatures, IReadOnlyList<string> BinaryFeatures, string SpecHash, long Step);

    private static OldMetadata ReadMetadata(Checkpoint old, string source)
    {
        try
        {
            string format = CheckpointMetadata.GetFormat(old.Metadata);
            if (format != CheckpointMetadata.FormatVersion)
            {
                throw new WarmStartException(
                    $"Cannot warm start from {source}: metadata '{CheckpointMetadata.FormatKey}' is '{format}', but this version reads '{CheckpointMetadata.FormatVersion}'. Use a HeavyRanker.Compiler version that wrote the checkpoint.");
            }

            return new OldMetadata(
                CheckpointMetadata.GetContinuousFeatures(old.Metadata),
                CheckpointMetadata.GetBinaryFeatures(old.Metadata),
                CheckpointMetadata.GetSpecHash(old.Metadata),
                CheckpointMetadata.GetStep(old.Metadata));
        }
        catch (InvalidDataException exception)
        {
            throw new WarmStartException($"Cannot warm start from {source}: {exception.Message}", exception);
        }
    }

    private static void ThrowIfRepeated(IReadOnlyList<string> names, string description)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!seen.Add(name))
            {
                throw new WarmStartException($"Cannot warm start: feature '{name}' appears more than once in {description}, so positions cannot be matched by name.");
            }
        }
    }

    /// <summary>
    /// Maps each column of the new model input to the old one: continuous, then binary, then the
    /// sparse embedding slots, which keep their offset from the end of the dense part.
    /// </summary>
    private static int[] BuildInputMap(FeatureIndexMap continuous, FeatureIndexMap binary, int oldContinuousCount, int oldBinaryCount, int inputWidth)
    {
        int newContinuousCount = continuous.OldIndexOfNew.Length;
        int newDenseWidth = newContinuousCount + binary.OldIndexOfNew.Length;
        int oldDenseWidth = oldContinuousCount + oldBinaryCount;
        var map = new int[inputWidth];
        for (int column = 0; column < inputWidth; column++)
        {
            if (column < newContinuousCount)
            {
                map[column] = continuous.OldIndexOfNew[column];
            }
            else if (column < newDenseWidth)
            {
                int oldIndex = binary.OldIndexOfNew[column - newContinuousCount];
                map[column] = oldIndex < 0 ? -1 : oldContinuousCount + oldIndex;
            }
            else
            {
                map[column] = oldDenseWidth + (column - newDenseWidth);
            }
        }

        return map;
    }

    /// <summary>
    /// Copies the slices of <paramref name="old"/> along <paramref name="axis"/> into the new shape,
    /// and fills slices whose map entry is -1 by <paramref name="rule"/>.
    /// </summary>
    private static CheckpointTensor RemapAxis(CheckpointTensor old, TensorShape target, int axis, int[] oldIndexOfNew, string rule, int seed, out double scale)
    {
        int[] shape = (int[])target.Shape.Clone();
        int outer = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }

        int inner = 1;
        for (int i = axis + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }

        int oldLength = old.Shape[axis];
        int newLength = shape[axis];
        scale = StandardDeviation(old.Data);
        var data = new float[target.ElementCount];
        var sampler = new TruncatedNormalSampler(seed, target.Name);
        for (int block = 0; block < outer; block++)
        {
            for (int index = 0; index < newLength; index++)
            {
                Span<float> destination = data.AsSpan((block * newLength + index) * inner, inner);
                int oldIndex = oldIndexOfNew[index];
                if (oldIndex >= 0)
                {
                    old.Data.AsSpan((block * oldLength + oldIndex) * inner, inner).CopyTo(destination);
                }
                else
                {
                    Fill(destination, rule, sampler, scale);
                }
            }
        }

        return new CheckpointTensor(target.Name, shape, data);
    }

    private static void Fill(Span<float> destination, string rule, TruncatedNormalSampler sampler, double scale)
    {
        switch (rule)
        {
            case WarmStartRules.Zero:
                destination.Clear();
                break;
            case WarmStartRules.One:
                destination.Fill(1f);
                break;
            default:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = sampler.Next(scale);
                }

                break;
        }
    }

    /// <summary>
    /// Chooses what a new continuous feature gets in a batch-norm vector. Scale and offset are
    /// trainable and drawn like the reference. The moving statistics are not trainable, and a draw
    /// around 0 would give a negative or zero variance, which makes the normalisation undefined.
    /// A new feature therefore starts from the statistics of a fresh batch norm (mean 0, variance 1).
    /// </summary>
    private static string VectorRule(string name)
    {
        if (name.EndsWith(".running_mean", StringComparison.Ordinal) || name.EndsWith(".renorm_mean", StringComparison.Ordinal))
        {
            return WarmStartRules.Zero;
        }

        if (name.EndsWith(".running_var", StringComparison.Ordinal) || name.EndsWith(".renorm_stddev", StringComparison.Ordinal))
        {
            return WarmStartRules.One;
        }

        return WarmStartRules.TruncatedNormal;
    }

    /// <summary>Creates a continuous batch-norm vector as a fresh layer has it: scale and variance 1, offset and mean 0.</summary>
    private static CheckpointTensor CreateFreshVector(TensorShape target)
    {
        var data = new float[target.ElementCount];
        string rule = VectorRule(target.Name);
        if (rule == WarmStartRules.One || target.Name.EndsWith(".weight", StringComparison.Ordinal))
        {
            data.AsSpan().Fill(1f);
        }

        return new CheckpointTensor(target.Name, (int[])target.Shape.Clone(), data);
    }

    private static TensorRemap Describe(string name, int axis, string rule, double scale, FeatureIndexMap continuous, FeatureIndexMap? binary, int oldContinuousCount)
    {
        var kept = new List<string>();
        var added = new List<string>();
        var dropped = new List<string>();
        var moved = new List<MovedFeature>();
        continuous.Describe(0, 0, kept, added, dropped, moved);
        binary?.Describe(oldContinuousCount, continuous.OldIndexOfNew.Length, kept, added, dropped, moved);
        return new TensorRemap(name, axis, rule, scale, kept, added, dropped, moved);
    }

    /// <summary>Computes the population standard deviation in double precision, two-pass; 0 for an empty tensor.</summary>
    private static double StandardDeviation(float[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (float value in values)
        {
            sum += value;
        }

        double mean = sum / values.Length;
        double squares = 0;
        foreach (float value in values)
        {
            double deviation = value - mean;
            squares += deviation * deviation;
        }

        return Math.Sqrt(squares / values.Length);
    }
}
