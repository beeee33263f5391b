namespace HeavyRanker.Generators.Emit;

/// <summary>What the consuming compilation provides, as far as emission depends on it.</summary>
/// <param name="ReferencesTraining">Whether HeavyRanker.Training is referenced, so the TorchSharp network can be emitted.</param>
internal sealed record EmitOptions(bool ReferencesTraining);

/// <summary>One generated source file.</summary>
internal sealed record GeneratedFile(string HintName, string Source);
