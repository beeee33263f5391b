using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using HeavyRanker.Generators.Diagnostics;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.Parsing;
using HeavyRanker.Runtime.Models;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.ModelTypes;

/// <summary>
/// ClemNet, the tower of the notification heavy ranker: a stack of blocks (channel-wise dense,
/// batch normalisation, activation, 1-D convolution, optional residual), optional hidden dense
/// layers, and one logit.
/// </summary>
internal sealed class ClemNetModelType : IModelType
{
    public const string TypeName = "clemnet";

    public static readonly IReadOnlyList<string> Activations = new[] { "relu", "tanh", "sigmoid", "linear" };

    public static readonly IReadOnlyList<string> Paddings = new[] { "same" };

    private static readonly string[] ArchitectureKeys = { "blocks", "top" };
    private static readonly string[] BlockKeys = { "dense", "conv", "activation", "residual" };
    private static readonly string[] ConvKeys = { "kernel", "filters", "stride", "padding" };
    private static readonly string[] TopKeys = { "hidden_units", "activation" };

    /// <summary>The convolution of every reference block: kernel 3, 5 filters, stride 1, SAME padding.</summary>
    public static readonly ConvSpec DefaultConv = new(Kernel: 3, Filters: 5, Stride: 1, Padding: "same");

    /// <summary>The reference tower: four blocks with dense output sizes 1024, 512, 256 and 128.</summary>
    public static readonly EquatableArray<BlockSpec> DefaultBlocks = new(ImmutableArray.Create(
        new BlockSpec(1024, DefaultConv, "relu", false),
        new BlockSpec(512, DefaultConv, "relu", false),
        new BlockSpec(256, DefaultConv, "relu", false),
        new BlockSpec(128, DefaultConv, "relu", false)));

    public string Name => TypeName;

    public IReadOnlyList<string> Keys => ArchitectureKeys;

    public ArchitectureSpec? Parse(MappingReader architecture, ParseContext context, int? inputWidth)
    {
        int errorsBefore = context.ErrorCount;

        EquatableArray<BlockSpec> blocks = DefaultBlocks;
        YamlSequenceNode? blockList = architecture.ReadList("blocks", out _);
        if (blockList is not null)
        {
            blocks = ParseBlocks(blockList, architecture.FieldPath("blocks"), context, inputWidth);
        }

        MappingReader? top = architecture.OpenMapping("top", TopKeys);
        EquatableArray<int> hiddenUnits = EquatableArray<int>.Empty;
        string topActivation = "relu";
        if (top is not null)
        {
            hiddenUnits = ParseHiddenUnits(top);
            topActivation = top.ReadChoice("activation", "relu", Activations);
        }

        return context.ErrorCount == errorsBefore ? new ArchitectureSpec(TypeName, blocks, hiddenUnits, topActivation) : null;
    }

    private static EquatableArray<BlockSpec> ParseBlocks(YamlSequenceNode list, string listPath, ParseContext context, int? inputWidth)
    {
        var blocks = ImmutableArray.CreateBuilder<BlockSpec>();

        // Tracks the length axis through the tower, as ClemNetLayout computes it, for the residual check.
        int? length = inputWidth;
        for (int index = 0; index < list.Children.Count; index++)
        {
            string path = listPath + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            MappingReader? block = MappingReader.Open(context, path, list.Children[index], null, BlockKeys);
            if (block is null)
            {
                length = null;
                continue;
            }

            BlockSpec? spec = ParseBlock(block, path, context);
            if (spec is null)
            {
                length = null;
                continue;
            }

            blocks.Add(spec);
            int? outputLength = length;
            if (outputLength is int current)
            {
                outputLength = spec.DenseUnits ?? current;
                if (spec.Conv is ConvSpec conv)
                {
                    outputLength = ClemNetLayout.ConvOutputLength(outputLength.Value, conv.Stride);
                }
            }

            if (spec.Residual && length is int input && outputLength is int output && input != output)
            {
                context.Report(
                    DiagnosticDescriptors.ResidualShapeMismatch,
                    block.NodeOf("residual"),
                    path,
                    input.ToString(CultureInfo.InvariantCulture),
                    output.ToString(CultureInfo.InvariantCulture));
            }

            length = outputLength;
        }

        return new EquatableArray<BlockSpec>(blocks.ToImmutable());
    }

    private static BlockSpec? ParseBlock(MappingReader block, string path, ParseContext context)
    {
        int errorsBefore = context.ErrorCount;

        // 'dense' has no default, because the reference sizes differ from block to block.
        int? denseUnits = null;
        YamlNode? dense = block.Value("dense");
        if (dense is null)
        {
            context.Report(DiagnosticDescriptors.MissingField, block.Location, "dense", block.Description);
        }
        else if (!IsNone(dense))
        {
            denseUnits = block.ReadInteger(dense, block.FieldPath("dense"), 1, int.MaxValue);
        }

        ConvSpec? conv = DefaultConv;
        YamlNode? convNode = block.Value("conv");
        if (convNode is not null && IsNone(convNode))
        {
            conv = null;
        }
        else if (convNode is not null)
        {
            conv = ParseConv(block);
        }

        string activation = block.ReadChoice("activation", "relu", Activations);
        bool residual = block.ReadBoolean("residual", false);

        if (dense is not null && convNode is not null && IsNone(dense) && IsNone(convNode))
        {
            context.Report(DiagnosticDescriptors.EmptyBlock, block.Location, path);
        }

        return context.ErrorCount == errorsBefore ? new BlockSpec(denseUnits, conv, activation, residual) : null;
    }

    private static ConvSpec? ParseConv(MappingReader block)
    {
        MappingReader? conv = block.OpenMapping("conv", ConvKeys);
        if (conv is null)
        {
            return null;
        }

        int kernel = conv.ReadInteger("kernel", DefaultConv.Kernel, 1, 64);
        int filters = conv.ReadInteger("filters", DefaultConv.Filters, 1, 256);
        int stride = conv.ReadInteger("stride", DefaultConv.Stride, 1, int.MaxValue);
        string padding = conv.ReadChoice("padding", DefaultConv.Padding, Paddings);
        return new ConvSpec(kernel, filters, stride, padding);
    }

    private static EquatableArray<int> ParseHiddenUnits(MappingReader top)
    {
        YamlSequenceNode? list = top.ReadList("hidden_units", out _);
        if (list is null)
        {
            return EquatableArray<int>.Empty;
        }

        var units = ImmutableArray.CreateBuilder<int>();
        for (int index = 0; index < list.Children.Count; index++)
        {
            string path = top.FieldPath("hidden_units") + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            if (top.ReadInteger(list.Children[index], path, 1, int.MaxValue) is int count)
            {
                units.Add(count);
            }
        }

        return new EquatableArray<int>(units.ToImmutable());
    }

    /// <summary>Returns whether a block step is switched off: an empty value, <c>null</c> or <c>none</c>.</summary>
    private static bool IsNone(YamlNode node) =>
        ScalarValues.IsNull(node) || node is YamlScalarNode { Value: "none" };
}
