using System.Globalization;
using System.Text.Json;
using HeavyRanker.Runtime.Models;

namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// Keys and values of the safetensors <c>__metadata__</c> that this project writes. Feature
/// lists are stored as JSON arrays of names and the step as an invariant integer, because
/// safetensors metadata values must be strings.
/// </summary>
public static class CheckpointMetadata
{
    /// <summary>Key of the format tag.</summary>
    public const string FormatKey = "format";

    /// <summary>Format tag of ClemNet checkpoints with the tensor names of <see cref="ClemNetLayout"/>.</summary>
    public const string FormatVersion = "heavyranker-clemnet-1";

    /// <summary>Key of the model name (the spec's <c>model.name</c>).</summary>
    public const string ModelNameKey = "model_name";

    /// <summary>Key of the lower-case hex SHA-256 of the resolved spec.</summary>
    public const string SpecHashKey = "spec_hash";

    /// <summary>Key of the continuous feature names in input order, as a JSON array.</summary>
    public const string ContinuousFeaturesKey = "continuous_features";

    /// <summary>Key of the binary feature names in input order, as a JSON array.</summary>
    public const string BinaryFeaturesKey = "binary_features";

    /// <summary>Key of the training step at which the checkpoint was taken.</summary>
    public const string StepKey = "step";

    /// <summary>Creates the metadata of a checkpoint of <paramref name="definition"/> taken at <paramref name="step"/>.</summary>
    public static Dictionary<string, string> Create(IModelDefinition definition, long step)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Create(definition.Name, definition.SpecHash, definition.ContinuousFeatures, definition.BinaryFeatures, step);
    }

    /// <summary>Creates checkpoint metadata from its parts; callers may add further entries to the result.</summary>
    public static Dictionary<string, string> Create(
        string modelName,
        string specHash,
        IReadOnlyList<string> continuousFeatures,
        IReadOnlyList<string> binaryFeatures,
        long step)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(specHash);
        ArgumentOutOfRangeException.ThrowIfNegative(step);

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = FormatVersion,
            [ModelNameKey] = modelName,
            [SpecHashKey] = specHash,
            [ContinuousFeaturesKey] = EncodeNames(continuousFeatures),
            [BinaryFeaturesKey] = EncodeNames(binaryFeatures),
            [StepKey] = step.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Encodes feature names as a JSON array string.</summary>
    public static string EncodeNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return JsonSerializer.Serialize(names);
    }

    /// <summary>Decodes a JSON array of names written by <see cref="EncodeNames"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a JSON array of strings.</exception>
    public static IReadOnlyList<string> DecodeNames(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string[]? names;
        try
        {
            names = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Feature list '{Shorten(json)}' is not a JSON array of strings: {exception.Message}", exception);
        }

        if (names is null || Array.IndexOf(names, null) >= 0)
        {
            throw new InvalidDataException($"Feature list '{Shorten(json)}' is not a JSON array of strings.");
        }

        return names;
    }

    /// <summary>Reads the continuous feature names.</summary>
    /// <exception cref="InvalidDataException">The entry is missing or malformed.</exception>
    public static IReadOnlyList<string> GetContinuousFeatures(IReadOnlyDictionary<string, string> metadata) =>
        DecodeEntry(metadata, ContinuousFeaturesKey);

    /// <summary>Reads the binary feature names.</summary>
    /// <exception cref="InvalidDataException">The entry is missing or malformed.</exception>
    public static IReadOnlyList<string> GetBinaryFeatures(IReadOnlyDictionary<string, string> metadata) =>
        DecodeEntry(metadata, BinaryFeaturesKey);

    /// <summary>Reads the training step.</summary>
    /// <exception cref="InvalidDataException">The entry is missing or not a non-negative integer.</exception>
    public static long GetStep(IReadOnlyDictionary<string, string> metadata)
    {
        string text = GetRequired(metadata, StepKey);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
        {
            throw new InvalidDataException($"Checkpoint metadata '{StepKey}' is '{Shorten(text)}', not a non-negative integer.");
        }

        return step;
    }

    /// <summary>Reads the model name.</summary>
    /// <exception cref="InvalidDataException">The entry is missing.</exception>
    public static string GetModelName(IReadOnlyDictionary<string, string> metadata) => GetRequired(metadata, ModelNameKey);

    /// <summary>Reads the spec hash.</summary>
    /// <exception cref="InvalidDataException">The entry is missing.</exception>
    public static string GetSpecHash(IReadOnlyDictionary<string, string> metadata) => GetRequired(metadata, SpecHashKey);

    /// <summary>Reads the format tag.</summary>
    /// <exception cref="InvalidDataException">The entry is missing.</exception>
    public static string GetFormat(IReadOnlyDictionary<string, string> metadata) => GetRequired(metadata, FormatKey);

    private static IReadOnlyList<string> DecodeEntry(IReadOnlyDictionary<string, string> metadata, string key)
    {
        string json = GetRequired(metadata, key);
        try
        {
            return DecodeNames(json);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"Checkpoint metadata '{key}' is invalid: {exception.Message}", exception);
        }
    }

    private static string GetRequired(IReadOnlyDictionary<string, string> metadata, string key)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(key, out string? value))
        {
            throw new InvalidDataException(
                $"Checkpoint metadata has no '{key}' entry, so the file was not written by HeavyRanker.Compiler or was written by an older version.");
        }

        return value;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
