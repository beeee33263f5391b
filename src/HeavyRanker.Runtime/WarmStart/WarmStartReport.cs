using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeavyRanker.Runtime.WarmStart;

/// <summary>A feature present in both lists whose index changed.</summary>
/// <param name="Name">Feature name.</param>
/// <param name="OldIndex">Index along the remapped axis of the old tensor.</param>
/// <param name="NewIndex">Index along the remapped axis of the new tensor.</param>
public sealed record MovedFeature(string Name, int OldIndex, int NewIndex);

/// <summary>How one tensor was remapped along its feature axis.</summary>
/// <param name="TensorName">Checkpoint key.</param>
/// <param name="Axis">Remapped axis: 0 for the continuous batch-norm vectors, 1 for the first channel-wise dense kernels.</param>
/// <param name="NewPositionRule">
/// What a new position received: <c>truncated_normal</c> (mean 0, standard deviation <paramref name="Scale"/>,
/// cut at ±0.5 × <paramref name="Scale"/>), <c>zero</c> or <c>one</c>.
/// </param>
/// <param name="Scale">Population standard deviation of the whole old tensor; 0 when the old tensor is empty or absent.</param>
/// <param name="Kept">Features in both lists, in new order; moved ones included.</param>
/// <param name="Added">Features only in the new list; their positions were filled by <paramref name="NewPositionRule"/>.</param>
/// <param name="Dropped">Features only in the old list; their positions were discarded.</param>
/// <param name="Moved">Kept features whose index changed.</param>
public sealed record TensorRemap(
    string TensorName,
    int Axis,
    string NewPositionRule,
    double Scale,
    IReadOnlyList<string> Kept,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Dropped,
    IReadOnlyList<MovedFeature> Moved);

/// <summary>
/// The outcome of a warm start: which tensors were remapped and how, and which were copied.
/// <see cref="WarmStartRewriter"/> writes it to the new model folder as JSON and as text.
/// </summary>
public sealed record WarmStartReport
{
    /// <summary>File name of the JSON report in the new model folder.</summary>
    public const string JsonFileName = "warm-start-report.json";

    /// <summary>File name of the text report in the new model folder.</summary>
    public const string TextFileName = "warm-start-report.txt";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Name of the new model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Spec hash stored in the old checkpoint.</summary>
    public required string OldSpecHash { get; init; }

    /// <summary>Spec hash of the new model.</summary>
    public required string NewSpecHash { get; init; }

    /// <summary>Training step stored in the old checkpoint; the new checkpoint starts at step 0.</summary>
    public required long OldStep { get; init; }

    /// <summary>Seed of the draws for new positions.</summary>
    public required int Seed { get; init; }

    /// <summary>Tensors remapped by feature name, in checkpoint order.</summary>
    public required IReadOnlyList<TensorRemap> RemappedTensors { get; init; }

    /// <summary>Tensors copied bit for bit from the old checkpoint, in checkpoint order.</summary>
    public required IReadOnlyList<string> CopiedTensors { get; init; }

    /// <summary>
    /// Tensors of the new model that the old checkpoint lacks because it had no continuous
    /// features. They contain fresh batch-norm values: scale and variance 1, offset and mean 0.
    /// </summary>
    public required IReadOnlyList<string> InitializedTensors { get; init; }

    /// <summary>Old tensors with no counterpart, because the new model has no continuous features.</summary>
    public required IReadOnlyList<string> DroppedTensors { get; init; }

    /// <summary>Full path of the old model folder, or null for an in-memory rewrite.</summary>
    public string? OldModelDirectory { get; init; }

    /// <summary>Full path of the new model folder, or null for an in-memory rewrite.</summary>
    public string? NewModelDirectory { get; init; }

    /// <summary>Where the previous content of the output folder was moved, or null when there was none.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>Serialises the report as indented JSON with snake_case keys.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Formats the report for people: one paragraph per remapped tensor, then counts.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Warm start of model '{ModelName}' (spec {Shorten(NewSpecHash)}) from spec {Shorten(OldSpecHash)} at step {OldStep}, seed {Seed}.\n");
        if (OldModelDirectory is not null && NewModelDirectory is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Old model folder: {OldModelDirectory}\nNew model folder: {NewModelDirectory}\n");
        }

        if (BackupDirectory is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Previous output folder moved to: {BackupDirectory}\n");
        }

        foreach (TensorRemap remap in RemappedTensors)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{remap.TensorName} (axis {remap.Axis}): {remap.Kept.Count} kept, {remap.Added.Count} added, {remap.Dropped.Count} dropped, {remap.Moved.Count} moved\n");
            AppendNames(text, "added", remap.Added);
            AppendNames(text, "dropped", remap.Dropped);
            if (remap.Moved.Count > 0)
            {
                IEnumerable<string> moves = remap.Moved.Select(move => string.Create(CultureInfo.InvariantCulture, $"{move.Name} {move.OldIndex}->{move.NewIndex}"));
                text.Append("  moved: ").Append(string.Join(", ", moves)).Append('\n');
            }

            if (remap.Added.Count > 0)
            {
                string rule = remap.NewPositionRule == WarmStartRules.TruncatedNormal
                    ? string.Create(CultureInfo.InvariantCulture, $"truncated normal, scale {remap.Scale:G6}, cut at ±{remap.Scale * TruncatedNormalSampler.TruncationBound:G6}")
                    : remap.NewPositionRule;
                text.Append("  new positions: ").Append(rule).Append('\n');
            }
        }

        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{CopiedTensors.Count} tensors copied unchanged.\n");
        AppendNames(text, "initialized", InitializedTensors);
        AppendNames(text, "dropped tensors", DroppedTensors);
        return text.ToString();
    }

    private static void AppendNames(StringBuilder text, string label, IReadOnlyList<string> names)
    {
        if (names.Count > 0)
        {
            text.Append("  ").Append(label).Append(": ").Append(string.Join(", ", names)).Append('\n');
        }
    }

    private static string Shorten(string hash) => hash.Length <= 12 ? hash : hash[..12];
}
