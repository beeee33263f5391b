using HeavyRanker.Runtime.Data;
using HeavyRanker.Runtime.Features;

namespace HeavyRanker.Runtime.Models;

/// <summary>
/// The generated parts of one compiled spec, tied together so that tools such as the CLI can
/// read data, extract features and labels, and build the network of any model. The generator
/// implements it as <c>&lt;Name&gt;Model</c>, whose <c>Instance</c> a consumer passes to the CLI.
/// </summary>
/// <remarks>
/// The training network needs no member here: <c>&lt;Name&gt;Network</c> adds nothing to
/// <c>HeavyRanker.Training.ClemNetNetwork</c>, so a tool builds
/// <c>new ClemNetNetwork(model.Definition)</c> and gets the same tensors. Serving code therefore
/// uses this interface without referencing TorchSharp.
/// </remarks>
/// <typeparam name="TRecord">The generated record type, <c>&lt;Name&gt;Record</c>.</typeparam>
public interface IRankerModel<TRecord>
{
    /// <summary>The resolved spec as constants.</summary>
    IModelDefinition Definition { get; }

    /// <summary>The record binder, which maps the spec's columns of a data file to records.</summary>
    IRecordBinder<TRecord> Binder { get; }

    /// <summary>The feature extractor, which writes records into feature batches.</summary>
    IFeatureExtractor<TRecord> FeatureExtractor { get; }

    /// <summary>The label extractor: task labels, dislike label and record weight of each record.</summary>
    ILabelExtractor<TRecord> LabelExtractor { get; }
}
