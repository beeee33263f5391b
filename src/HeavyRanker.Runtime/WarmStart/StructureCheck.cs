using System.Globalization;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// Compares an old checkpoint with a new model and plans each new tensor. Every tensor must match
/// by name and shape, except along the remapped axis of the feature-indexed tensors. Any other
/// change (blocks, filters, top layers, sparse bits, embedding size, sparse groups, number of
/// tasks) is rejected with a message that names it.
/// </summary>
internal static class StructureCheck
{
    private const int MaxListedTensors = 10;

    /// <summary>Plans every tensor of <paramref name="definition"/> in its order and lists old tensors that have no counterpart.</summary>
    /// <exception cref="WarmStartException">Anything other than the feature lists differs.</exception>
    public static IReadOnlyList<TensorPlan> Plan(
        Checkpoint old,
        int oldContinuousCount,
        int oldBinaryCount,
        IModelDefinition definition,
        string source,
        out IReadOnlyList<string> droppedTensors)
    {
        int newContinuousCount = definition.ContinuousFeatures.Count;
        int sparseWidth = definition.InputWidth - newContinuousCount - definition.BinaryFeatures.Count;
        int oldInputWidth = oldContinuousCount + oldBinaryCount + sparseWidth;
        var firstDenseKernels = new HashSet<string>(StringComparer.Ordinal);
        for (int tower = 0; tower < definition.Tasks.Count; tower++)
        {
            firstDenseKernels.Add(ClemNetLayout.FirstDenseKernel(tower));
        }

        var plans = new List<TensorPlan>(definition.Tensors.Count);
        var differences = new List<string>();
        var matchedOldNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorShape target in definition.Tensors)
        {
            TensorSource kind = Classify(target.Name, firstDenseKernels);
            int[] expectedOldShape = (int[])target.Shape.Clone();
            if (kind == TensorSource.ContinuousVector)
            {
                if (oldContinuousCount == 0)
                {
                    plans.Add(new TensorPlan(target, TensorSource.FreshContinuousVector));
                    continue;
                }

                expectedOldShape[0] = oldContinuousCount;
            }
            else if (kind == TensorSource.FirstDenseKernel)
            {
                expectedOldShape[1] = oldInputWidth;
            }

            plans.Add(new TensorPlan(target, kind));
            matchedOldNames.Add(target.Name);
            if (!old.TryGet(target.Name, out CheckpointTensor? tensor))
            {
                differences.Add($"'{target.Name}' {FormatShape(target.Shape)} is missing from the checkpoint");
            }
            else if (!tensor.Shape.AsSpan().SequenceEqual(expectedOldShape))
            {
                string expectation = kind == TensorSource.Copy
                    ? FormatShape(expectedOldShape)
                    : $"{FormatShape(expectedOldShape)} (its shape at the checkpoint's {oldContinuousCount} continuous and {oldBinaryCount} binary features)";
                differences.Add($"'{target.Name}' is {FormatShape(tensor.Shape)} in the checkpoint, but the model needs {expectation}");
            }
        }

        var dropped = new List<string>();
        foreach (CheckpointTensor tensor in old.Tensors)
        {
            if (matchedOldNames.Contains(tensor.Name))
            {
                continue;
            }

            // A model without continuous features has no continuous batch-norm vectors, so the old
            // ones are discarded together with their features.
            if (newContinuousCount == 0 && IsContinuousVector(tensor.Name))
            {
                dropped.Add(tensor.Name);
                continue;
            }

            differences.Add($"'{tensor.Name}' {FormatShape(tensor.Shape)} is in the checkpoint but not in the model");
        }

        if (differences.Count > 0)
        {
            throw new WarmStartException(BuildMessage(old, definition, source, differences));
        }

        droppedTensors = dropped;
        return plans;
    }

    private static TensorSource Classify(string name, HashSet<string> firstDenseKernels)
    {
        if (IsContinuousVector(name))
        {
            return TensorSource.ContinuousVector;
        }

        return firstDenseKernels.Contains(name) ? TensorSource.FirstDenseKernel : TensorSource.Copy;
    }

    private static bool IsContinuousVector(string name) => name.StartsWith(ClemNetLayout.ContinuousNorm + ".", StringComparison.Ordinal);

    private static string BuildMessage(Checkpoint old, IModelDefinition definition, string source, List<string> differences)
    {
        List<string> causes = DescribeCauses(old, definition);
        if (causes.Count == 0)
        {
            causes.Add("tensor shapes that do not match the checkpoint's own feature lists");
        }

        string listed = string.Join("; ", differences.Take(MaxListedTensors));
        if (differences.Count > MaxListedTensors)
        {
            listed += $"; and {differences.Count - MaxListedTensors} more";
        }

        return $"Cannot warm start model '{definition.Name}' from {source}: the checkpoint differs from the model in more than the feature lists. " +
            $"Differences: {string.Join("; ", causes)}. Tensors: {listed}. " +
            "A warm start only remaps continuous and binary features; warm start from a checkpoint with the same architecture, sparse bits, embedding size, sparse groups and tasks, or train the new model from scratch.";
    }

    /// <summary>Names the spec settings behind the tensor differences, for the first part of the message.</summary>
    private static List<string> DescribeCauses(Checkpoint old, IModelDefinition definition)
    {
        var causes = new List<string>();
        var newTensors = definition.Tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);

        int oldTowers = CountTowers(old.Tensors.Select(tensor => tensor.Name));
        int newTowers = CountTowers(newTensors.Keys);
        if (oldTowers != newTowers)
        {
            causes.Add($"number of tasks (towers): {oldTowers} in the checkpoint, {newTowers} in the model");
        }

        var sparseCauses = new SortedSet<string>(StringComparer.Ordinal);
        foreach ((string prefix, string group) in new[]
        {
            (ClemNetLayout.SparseNotContinuous, "DISCRETE, STRING and SPARSE_BINARY"),
            (ClemNetLayout.SparseContinuous, "SPARSE_CONTINUOUS"),
        })
        {
            string table = prefix + ".weight";
            bool inOld = old.TryGet(table, out CheckpointTensor? oldTable);
            bool inNew = newTensors.TryGetValue(table, out TensorShape? newTable);
            if (inOld != inNew)
            {
                sparseCauses.Add($"sparse group of {group} features: present only in the {(inOld ? "checkpoint" : "model")}");
                continue;
            }

            if (oldTable is null || newTable is null || oldTable.Shape.Length != 2 || newTable.Shape.Length != 2)
            {
                continue;
            }

            if (oldTable.Shape[0] != newTable.Shape[0])
            {
                sparseCauses.Add($"sparse bits: {DescribeBits(oldTable.Shape[0])} in the checkpoint, {DescribeBits(newTable.Shape[0])} in the model");
            }

            if (oldTable.Shape[1] != newTable.Shape[1])
            {
                sparseCauses.Add($"embedding size: {oldTable.Shape[1]} in the checkpoint, {newTable.Shape[1]} in the model");
            }
        }

        causes.AddRange(sparseCauses);

        int sharedTowers = Math.Min(oldTowers, newTowers);
        if (TowersDiffer(old, newTensors, sharedTowers))
        {
            causes.Add("tower architecture (blocks, dense units, convolution kernels or filters, residual connections or top layers)");
        }

        return causes;
    }

    /// <summary>Tests whether a tensor below the first dense kernel differs in name or shape in a tower both sides have.</summary>
    private static bool TowersDiffer(Checkpoint old, Dictionary<string, TensorShape> newTensors, int sharedTowers)
    {
        for (int tower = 0; tower < sharedTowers; tower++)
        {
            string prefix = ClemNetLayout.Tower(tower) + ".";
            string kernel = ClemNetLayout.FirstDenseKernel(tower);
            var oldNames = old.Tensors.Where(tensor => tensor.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            var newNames = newTensors.Values.Where(tensor => tensor.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (oldNames.Count != newNames.Count)
            {
                return true;
            }

            foreach (CheckpointTensor tensor in oldNames)
            {
                if (!newTensors.TryGetValue(tensor.Name, out TensorShape? target) || target.Shape.Length != tensor.Shape.Length)
                {
                    return true;
                }

                for (int axis = 0; axis < tensor.Shape.Length; axis++)
                {
                    // The input axis of the first kernel follows the feature lists, not the architecture.
                    bool remappedAxis = tensor.Name == kernel && axis == 1;
                    if (!remappedAxis && tensor.Shape[axis] != target.Shape[axis])
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static int CountTowers(IEnumerable<string> names)
    {
        int count = 0;
        const string prefix = "towers.";
        foreach (string name in names)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            int end = name.IndexOf('.', prefix.Length);
            string digits = end < 0 ? name[prefix.Length..] : name[prefix.Length..end];
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int tower))
            {
                count = Math.Max(count, tower + 1);
            }
        }

        return count;
    }

    private static string DescribeBits(int buckets) =>
        int.IsPow2(buckets) ? $"{int.Log2(buckets)} ({buckets} buckets)" : $"{buckets} buckets";

    private static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";
}
