using static TorchSharp.torch;

namespace HeavyRanker.Training.Layers;

/// <summary>The activations a spec may name.</summary>
public static class Activations
{
    /// <summary>Applies the activation named <paramref name="name"/> (<c>relu</c>, <c>tanh</c>, <c>sigmoid</c> or <c>linear</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of those.</exception>
    public static Tensor Apply(string name, Tensor input) => name switch
    {
        "relu" => nn.functional.relu(input),
        "tanh" => input.tanh(),
        "sigmoid" => input.sigmoid(),
        "linear" => input.alias(),
        _ => throw new ArgumentException($"Unknown activation '{name}'; expected relu, tanh, sigmoid or linear.", nameof(name)),
    };

    /// <summary>Checks that <paramref name="name"/> is a supported activation.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not supported.</exception>
    public static void Validate(string name)
    {
        if (name is not ("relu" or "tanh" or "sigmoid" or "linear"))
        {
            throw new ArgumentException($"Unknown activation '{name}'; expected relu, tanh, sigmoid or linear.", nameof(name));
        }
    }
}
