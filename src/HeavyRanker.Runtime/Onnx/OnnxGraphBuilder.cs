using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace HeavyRanker.Runtime.Onnx;

/// <summary>Builds an ONNX graph node by node, naming intermediate values uniquely.</summary>
internal sealed class OnnxGraphBuilder
{
    private int _nextId;

    public GraphProto Graph { get; } = new() { Name = "clemnet" };

    /// <summary>Adds a graph input of element type <paramref name="type"/>; a string dimension is symbolic, a number fixed.</summary>
    public string AddInput(string name, TensorProto.Types.DataType type, params object[] dimensions)
    {
        Graph.Input.Add(ValueInfo(name, type, dimensions));
        return name;
    }

    /// <summary>Declares <paramref name="name"/> a graph output.</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, params object[] dimensions) =>
        Graph.Output.Add(ValueInfo(name, type, dimensions));

    /// <summary>Adds a float constant.</summary>
    public string Constant(string name, float[] values, params long[] dimensions)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dimensions);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds an int64 constant.</summary>
    public string Constant(string name, long[] values, params long[] dimensions)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dimensions);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a float scalar constant (rank 0).</summary>
    public string Scalar(string name, float value) => Constant(name, new[] { value });

    /// <summary>Adds a node with one output and returns the output name.</summary>
    public string Node(string operatorType, string[] inputs, params AttributeProto[] attributes)
    {
        string output = Unique(operatorType.ToLowerInvariant());
        NodeTo(operatorType, inputs, output, attributes);
        return output;
    }

    /// <summary>Adds a node writing to the given output name.</summary>
    public void NodeTo(string operatorType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = operatorType, Name = Unique("node_" + operatorType.ToLowerInvariant()) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
    }

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Unique(string stem) => $"{stem}_{_nextId++}";

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dimensions)
    {
        var shape = new TensorShapeProto();
        foreach (object dimension in dimensions)
        {
            shape.Dim.Add(dimension is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dimension, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
