using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace HeavyRanker.Runtime.Checkpoints;

/// <summary>
/// Every tensor of a model and the string metadata stored with them, as read from or written to
/// a safetensors file. The tensors' arrays are shared with the caller, not copied.
/// </summary>
public sealed class Checkpoint
{
    private readonly Dictionary<string, CheckpointTensor> _byName;

    /// <summary>
    /// Creates a checkpoint. Tensors keep the given order, which is their order in the file.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A name is empty, repeated or <c>__metadata__</c>, a dimension is negative, or a tensor's data
    /// length differs from the product of its shape.
    /// </exception>
    public Checkpoint(IEnumerable<CheckpointTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);

        var list = new List<CheckpointTensor>();
        _byName = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (CheckpointTensor tensor in tensors)
        {
            Validate(tensor);
            if (!_byName.TryAdd(tensor.Name, tensor))
            {
                throw new ArgumentException($"Tensor name '{tensor.Name}' appears more than once; each checkpoint tensor needs a unique name.", nameof(tensors));
            }

            list.Add(tensor);
        }

        Tensors = list.AsReadOnly();
        Metadata = new ReadOnlyDictionary<string, string>(
            metadata is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(metadata, StringComparer.Ordinal));
    }

    /// <summary>The safetensors <c>__metadata__</c> entries; <see cref="CheckpointMetadata"/> defines the keys this project writes.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensors in file order (increasing data offset).</summary>
    public IReadOnlyList<CheckpointTensor> Tensors { get; }

    /// <summary>Returns the tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public CheckpointTensor this[string name] =>
        _byName.TryGetValue(name, out CheckpointTensor? tensor)
            ? tensor
            : throw new KeyNotFoundException($"The checkpoint has no tensor '{name}' ({Tensors.Count} tensors).");

    /// <summary>Looks up a tensor by name.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out CheckpointTensor tensor) => _byName.TryGetValue(name, out tensor);

    /// <summary>Tests whether a tensor called <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    private static void Validate(CheckpointTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (string.IsNullOrEmpty(tensor.Name))
        {
            throw new ArgumentException("A checkpoint tensor has an empty name.", nameof(tensor));
        }

        if (tensor.Name == SafetensorsFormat.MetadataKey)
        {
            throw new ArgumentException($"'{SafetensorsFormat.MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensor));
        }

        if (tensor.Shape is null || tensor.Data is null)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' has a null shape or data array.", nameof(tensor));
        }

        foreach (int dimension in tensor.Shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' has a negative dimension in shape {SafetensorsFormat.FormatShape(tensor.Shape)}.", nameof(tensor));
            }
        }

        long expected = tensor.ShapeElementCount();
        if (expected != tensor.Data.Length)
        {
            throw new ArgumentException(
                $"Tensor '{tensor.Name}' has shape {SafetensorsFormat.FormatShape(tensor.Shape)}, which needs {expected} elements, but its data has {tensor.Data.Length}.",
                nameof(tensor));
        }
    }
}
