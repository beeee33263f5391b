using Google.Protobuf;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.Inference;
using HeavyRanker.Runtime.Models;
using Onnx;
using static HeavyRanker.Runtime.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace HeavyRanker.Runtime.Onnx;

/// <summary>
/// Writes a ClemNet checkpoint as an ONNX model (opset 17) that computes what the scorer and the
/// TorchSharp network compute in evaluation mode. Inputs, all with a symbolic batch dimension:
/// <c>continuous</c> float <c>[batch, Nc]</c> (raw values, as in a feature batch),
/// <c>binary</c> float <c>[batch, Nb]</c>, and for each sparse group the model has,
/// <c>&lt;group&gt;_keys</c> int64 <c>[batch, K]</c> and <c>&lt;group&gt;_values</c> float
/// <c>[batch, K]</c>, padded with key −1 and value 0 (see <see cref="SparsePadding"/>).
/// Outputs: <c>probabilities</c> float <c>[batch, tasks]</c> and <c>score</c> float <c>[batch, 1]</c>.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Operator set the exported graph uses.</summary>
    public const int OpsetVersion = 17;

    /// <summary>Input name of the continuous block.</summary>
    public const string ContinuousInput = "continuous";

    /// <summary>Input name of the binary block.</summary>
    public const string BinaryInput = "binary";

    /// <summary>Group name of DISCRETE, STRING and SPARSE_BINARY entries in input names.</summary>
    public const string SparseNotContinuousGroup = "sparse_not_continuous";

    /// <summary>Group name of SPARSE_CONTINUOUS entries in input names.</summary>
    public const string SparseContinuousGroup = "sparse_continuous";

    /// <summary>Output name of the joint probabilities <c>[batch, tasks]</c>.</summary>
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>Output name of the score <c>[batch, 1]</c>.</summary>
    public const string ScoreOutput = "score";

    private const string Batch = "batch";

    /// <summary>Returns the name of the key input of a sparse group.</summary>
    public static string KeysInput(string group) => group + "_keys";

    /// <summary>Returns the name of the value input of a sparse group.</summary>
    public static string ValuesInput(string group) => group + "_values";

    /// <summary>
    /// Builds the ONNX model of <paramref name="checkpoint"/> and writes it to <paramref name="path"/>
    /// atomically (a temporary file in the same folder, renamed over the target).
    /// </summary>
    /// <exception cref="CheckpointException">The checkpoint belongs to another model.</exception>
    /// <exception cref="IOException">The file could not be written; an existing file is left unchanged.</exception>
    public static void Export(IModelDefinition definition, Checkpoint checkpoint, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelProto model = Build(definition, checkpoint);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"ONNX path '{path}' has no folder.", nameof(path));
        string temporaryPath = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                model.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporaryPath);
            throw new IOException($"Failed to write ONNX model '{path}': {exception.Message} Any existing file at that path is unchanged.", exception);
        }
    }

    /// <summary>Builds the ONNX model of <paramref name="checkpoint"/> in memory.</summary>
    /// <exception cref="CheckpointException">The checkpoint belongs to another model.</exception>
    public static ModelProto Build(IModelDefinition definition, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckpointValidator.Validate("(checkpoint in memory)", checkpoint, definition);

        var builder = new OnnxGraphBuilder();
        builder.Graph.Name = definition.Name;
        string modelInput = OnnxInputGraph.Build(builder, definition, checkpoint);

        var probabilities = new List<string>();
        string? product = null;
        for (int tower = 0; tower < definition.Tasks.Count; tower++)
        {
            string logit = OnnxTowerGraph.Build(builder, definition, checkpoint, tower, modelInput);
            string sigmoid = builder.Node("Sigmoid", new[] { logit });

            // An explicit product, not CumProd: p_t = p_(t−1)·sigmoid(logit_t).
            product = product is null ? sigmoid : builder.Node("Mul", new[] { product, sigmoid });
            probabilities.Add(product);
        }

        if (probabilities.Count == 1)
        {
            builder.NodeTo("Identity", new[] { probabilities[0] }, ProbabilitiesOutput);
        }
        else
        {
            builder.NodeTo("Concat", probabilities.ToArray(), ProbabilitiesOutput, Attribute("axis", 1L));
        }

        double weightSum = definition.Tasks.Sum(task => (double)(float)task.ScoreWeight);
        float[] normalizedWeights = definition.Tasks.Select(task => (float)((float)task.ScoreWeight / weightSum)).ToArray();
        string weights = builder.Constant("score_weights", normalizedWeights, definition.Tasks.Count, 1);
        builder.NodeTo("MatMul", new[] { ProbabilitiesOutput, weights }, ScoreOutput);

        builder.AddOutput(ProbabilitiesOutput, DataType.Float, Batch, definition.Tasks.Count);
        builder.AddOutput(ScoreOutput, DataType.Float, Batch, 1);

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "HeavyRanker.Compiler",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = builder.Graph,
            DocString = $"ClemNet model '{definition.Name}', spec hash {definition.SpecHash}.",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        return model;
    }
}
