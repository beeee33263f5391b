using System.Globalization;
using HeavyRanker.Runtime.Models;
using NotificationRanker.Model;

// Prints a summary of the model compiled from NotificationRanker.ranker.yaml.
IModelDefinition model = NotificationRankerDefinition.Instance;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"Model {model.Name} (spec hash {model.SpecHash[..12]})");
Console.WriteLine();

Console.WriteLine($"Features: {model.Features.Count}");
foreach (FeatureType type in Enum.GetValues<FeatureType>())
{
    Console.WriteLine($"  {type,-17} {model.Features.Count(feature => feature.Type == type),4}");
}

int continuous = model.ContinuousFeatures.Count;
int binary = model.BinaryFeatures.Count;
int sparseGroups = (model.HasSparseNotContinuous ? 1 : 0) + (model.HasSparseContinuous ? 1 : 0);
Console.WriteLine($"Input width F = Nc + Nb + E per sparse group = {continuous} + {binary} + {sparseGroups} x {model.EmbeddingSize} = {model.InputWidth}");
Console.WriteLine($"Hashed sparse keys: 2^{model.SparseBits} buckets");
Console.WriteLine();

double totalWeight = model.Tasks.Sum(task => task.ScoreWeight);
Console.WriteLine("Tasks (one tower each):");
foreach (TaskDefinition task in model.Tasks)
{
    Console.WriteLine($"  {task.Name,-12} label {task.LabelColumn,-20} score weight {task.ScoreWeight} ({task.ScoreWeight / totalWeight:P0})");
}

Console.WriteLine();
Console.WriteLine($"Tower ({model.Architecture.ModelType}), input [{model.InputWidth}, 1]:");
int length = model.InputWidth;
int channels = 1;
for (int index = 0; index < model.Architecture.Blocks.Count; index++)
{
    BlockDefinition block = model.Architecture.Blocks[index];
    if (block.DenseUnits is int units)
    {
        length = units;
    }

    if (block.ConvFilters is int filters)
    {
        length = ClemNetLayout.ConvOutputLength(length, block.ConvStride);
        channels = filters;
    }

    string dense = block.DenseUnits is int denseUnits ? $"dense {denseUnits}" : "no dense";
    string conv = block.ConvFilters is int convFilters ? $"conv k{block.ConvKernel} x {convFilters} s{block.ConvStride}" : "no conv";
    string residual = block.Residual ? ", residual" : "";
    Console.WriteLine($"  block {index}: {dense}, {conv}, {block.Activation}{residual} -> [{length}, {channels}]");
}

foreach (int units in model.Architecture.TopHiddenUnits)
{
    Console.WriteLine($"  top dense {units} ({model.Architecture.TopActivation})");
}

Console.WriteLine("  logit [1]");
Console.WriteLine();

long trainable = model.Tensors.Where(tensor => tensor.Trainable).Sum(tensor => tensor.ElementCount);
long total = model.Tensors.Sum(tensor => tensor.ElementCount);
Console.WriteLine($"Parameters: {trainable:N0} trainable, {total:N0} in {model.Tensors.Count} checkpoint tensors");
