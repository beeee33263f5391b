using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// Checks a structurally valid checkpoint against a compiled model: format tag, feature lists,
/// then tensor names and shapes. Feature lists come first because a changed list also changes
/// the input width, and the warm-start hint is the useful message in that case.
/// </summary>
internal static class CheckpointValidator
{
    public static void Validate(string path, Checkpoint checkpoint, IModelDefinition definition)
    {
        try
        {
            ValidateAgainst(path, checkpoint, definition);
        }
        catch (CheckpointException exception) when (WrittenForOtherModel(checkpoint, definition) is string other)
        {
            // Saying whose checkpoint it is tells the user to pick another folder rather than to
            // rewrite this one. The name alone is no error, because a renamed model whose tensors
            // still fit loads as before.
            throw new CheckpointException(
                path,
                $"it was written for model '{other}', not '{definition.Name}', and does not fit: {exception.Problem}",
                exception.TensorName,
                exception.ByteOffset,
                exception);
        }
    }

    private static string? WrittenForOtherModel(Checkpoint checkpoint, IModelDefinition definition) =>
        checkpoint.Metadata.TryGetValue(CheckpointMetadata.ModelNameKey, out string? name) && name != definition.Name ? name : null;

    private static void ValidateAgainst(string path, Checkpoint checkpoint, IModelDefinition definition)
    {
        IReadOnlyDictionary<string, string> metadata = checkpoint.Metadata;
        try
        {
            string format = CheckpointMetadata.GetFormat(metadata);
            if (format != CheckpointMetadata.FormatVersion)
            {
                throw new CheckpointException(
                    path,
                    $"metadata '{CheckpointMetadata.FormatKey}' is '{format}', but this version reads '{CheckpointMetadata.FormatVersion}'. Use a HeavyRanker.Compiler version that wrote this file, or train again.");
            }

            CompareFeatures(path, definition, "continuous", CheckpointMetadata.GetContinuousFeatures(metadata), definition.ContinuousFeatures);
            CompareFeatures(path, definition, "binary", CheckpointMetadata.GetBinaryFeatures(metadata), definition.BinaryFeatures);
        }
        catch (InvalidDataException exception)
        {
            throw new CheckpointException(path, exception.Message, innerException: exception);
        }

        CompareTensors(path, checkpoint, definition);
    }

    private static void CompareFeatures(string path, IModelDefinition definition, string kind, IReadOnlyList<string> stored, IReadOnlyList<string> expected)
    {
        string? difference = DescribeDifference(stored, expected);
        if (difference is null)
        {
            return;
        }

        throw new CheckpointException(
            path,
            $"the {kind} features of the checkpoint differ from model '{definition.Name}': {difference}. " +
            "To reuse the trained weights with the new feature list, rewrite the checkpoint with the `warm-start` command.");
    }

    private static string? DescribeDifference(IReadOnlyList<string> stored, IReadOnlyList<string> expected)
    {
        var storedSet = new HashSet<string>(stored, StringComparer.Ordinal);
        var expectedSet = new HashSet<string>(expected, StringComparer.Ordinal);

        foreach (string name in expected)
        {
            if (!storedSet.Contains(name))
            {
                return $"feature '{name}' is in the model but not in the checkpoint";
            }
        }

        foreach (string name in stored)
        {
            if (!expectedSet.Contains(name))
            {
                return $"feature '{name}' is in the checkpoint but not in the model";
            }
        }

        // Same names, so a difference is in order or in repeated names.
        for (int i = 0; i < Math.Min(stored.Count, expected.Count); i++)
        {
            if (stored[i] != expected[i])
            {
                return $"position {i} is '{stored[i]}' in the checkpoint but '{expected[i]}' in the model (the order differs)";
            }
        }

        if (stored.Count != expected.Count)
        {
            return $"the checkpoint lists {stored.Count} names and the model {expected.Count}, so a name is repeated";
        }

        return null;
    }

    private static void CompareTensors(string path, Checkpoint checkpoint, IModelDefinition definition)
    {
        var expectedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorShape expected in definition.Tensors)
        {
            expectedNames.Add(expected.Name);
            if (!checkpoint.TryGet(expected.Name, out CheckpointTensor? tensor))
            {
                throw new CheckpointException(
                    path,
                    $"tensor '{expected.Name}' with shape {SafetensorsFormat.FormatShape(expected.Shape)}, which model '{definition.Name}' needs, is missing. " +
                    "The checkpoint was trained for a different architecture; use the matching checkpoint or train again.",
                    tensorName: expected.Name);
            }

            if (!tensor.Shape.AsSpan().SequenceEqual(expected.Shape))
            {
                throw new CheckpointException(
                    path,
                    $"tensor '{expected.Name}' has shape {SafetensorsFormat.FormatShape(tensor.Shape)}, but model '{definition.Name}' expects {SafetensorsFormat.FormatShape(expected.Shape)}. " +
                    "The checkpoint was trained for a different architecture or sparse size; use the matching checkpoint or train again.",
                    tensorName: expected.Name);
            }
        }

        foreach (CheckpointTensor tensor in checkpoint.Tensors)
        {
            if (!expectedNames.Contains(tensor.Name))
            {
                throw new CheckpointException(
                    path,
                    $"tensor '{tensor.Name}' is not part of model '{definition.Name}'. " +
                    "The checkpoint was trained for a different architecture; use the matching checkpoint or train again.",
                    tensorName: tensor.Name);
            }
        }
    }
}
