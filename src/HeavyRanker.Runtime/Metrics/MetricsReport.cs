using System.Text;
using System.Text.Json;

namespace HeavyRanker.Runtime.Metrics;

/// <summary>
/// The metrics of every task of one evaluation, serialised as <c>metrics.json</c>. Field names are
/// snake_case and numbers are written in the invariant JSON form. An undefined metric (NaN, or an
/// infinity) is written as <c>null</c> so that any JSON reader accepts the file, and reads back as NaN.
/// </summary>
/// <example>
/// <code>
/// {
///   "tasks": [
///     { "task": "open",
///       "weighted":   { "samples": 4, "total_weight": 4.5, "ctr": 0.44, ..., "nrce": 36.1 },
///       "unweighted": { ... } }
///   ]
/// }
/// </code>
/// </example>
public sealed class MetricsReport
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>Creates a report of <paramref name="tasks"/> in the given order.</summary>
    /// <exception cref="ArgumentException">Two tasks share a name.</exception>
    public MetricsReport(IEnumerable<TaskMetrics> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var list = tasks.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (TaskMetrics task in list)
        {
            if (!names.Add(task.Task))
            {
                throw new ArgumentException($"Task '{task.Task}' appears more than once in the metrics report.", nameof(tasks));
            }
        }

        Tasks = list.AsReadOnly();
    }

    /// <summary>Per-task metrics in tower order.</summary>
    public IReadOnlyList<TaskMetrics> Tasks { get; }

    /// <summary>Returns the metrics of the task called <paramref name="task"/>.</summary>
    /// <exception cref="KeyNotFoundException">No task has that name.</exception>
    public TaskMetrics this[string task] =>
        Tasks.FirstOrDefault(metrics => metrics.Task == task)
        ?? throw new KeyNotFoundException($"The metrics report has no task '{task}'; it has {string.Join(", ", Tasks.Select(metrics => "'" + metrics.Task + "'"))}.");

    /// <summary>Computes every accumulator and collects the results.</summary>
    public static MetricsReport From(IEnumerable<TaskMetricsAccumulator> accumulators)
    {
        ArgumentNullException.ThrowIfNull(accumulators);
        return new MetricsReport(accumulators.Select(accumulator => accumulator.Compute()));
    }

    /// <summary>Serialises the report as indented UTF-8 JSON.</summary>
    public byte[] ToJsonBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(MetricsJson.Tasks);
            foreach (TaskMetrics task in Tasks)
            {
                writer.WriteStartObject();
                writer.WriteString(MetricsJson.Task, task.Task);
                writer.WritePropertyName(MetricsJson.Weighted);
                MetricsJson.Write(writer, task.Weighted);
                writer.WritePropertyName(MetricsJson.Unweighted);
                MetricsJson.Write(writer, task.Unweighted);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Serialises the report as indented JSON text.</summary>
    public string ToJson() => Encoding.UTF8.GetString(ToJsonBytes());

    /// <summary>Writes the report to <paramref name="path"/>, replacing any existing file.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, ToJsonBytes());
    }

    /// <summary>Parses a report written by <see cref="ToJson"/>; <c>null</c> metrics read back as NaN.</summary>
    /// <exception cref="InvalidDataException">The text is not valid JSON or lacks a field.</exception>
    public static MetricsReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement tasks = MetricsJson.GetRequired(document.RootElement, MetricsJson.Tasks, JsonValueKind.Array, "the report");
            var list = new List<TaskMetrics>();
            foreach (JsonElement task in tasks.EnumerateArray())
            {
                string name = MetricsJson.GetRequired(task, MetricsJson.Task, JsonValueKind.String, "a task entry").GetString()!;
                list.Add(new TaskMetrics(
                    name,
                    MetricsJson.Read(task, MetricsJson.Weighted, name),
                    MetricsJson.Read(task, MetricsJson.Unweighted, name)));
            }

            return new MetricsReport(list);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The metrics report is not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a report from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a metrics report.</exception>
    public static MetricsReport Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return FromJson(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"Invalid metrics report '{path}': {exception.Message}", exception);
        }
    }
}
