namespace HeavyRanker.Runtime.Inference;

/// <summary>The activations a spec may name.</summary>
internal enum Activation
{
    Linear,
    Relu,
    Tanh,
    Sigmoid,
}

/// <summary>Activation parsing and the activations that kernels do not fuse.</summary>
internal static class ActivationFunctions
{
    /// <summary>Parses a spec activation name.</summary>
    /// <exception cref="ArgumentException">The name is not relu, tanh, sigmoid or linear.</exception>
    public static Activation Parse(string name) => name switch
    {
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        "linear" => Activation.Linear,
        _ => throw new ArgumentException($"Unknown activation '{name}'; expected relu, tanh, sigmoid or linear.", nameof(name)),
    };

    /// <summary>Applies ReLU to <paramref name="value"/> when it is the activation, the one kernels fuse.</summary>
    public static float ApplyRelu(Activation activation, float value) =>
        activation == Activation.Relu ? Math.Max(value, 0f) : value;

    /// <summary>Applies tanh or sigmoid in place; ReLU and linear are left to the kernels.</summary>
    public static void ApplyNonlinear(Activation activation, Span<float> values)
    {
        if (activation == Activation.Tanh)
        {
            for (int index = 0; index < values.Length; index++)
            {
                values[index] = MathF.Tanh(values[index]);
            }
        }
        else if (activation == Activation.Sigmoid)
        {
            for (int index = 0; index < values.Length; index++)
            {
                values[index] = Sigmoid(values[index]);
            }
        }
    }

    /// <summary>Computes the logistic function 1 / (1 + e^−x).</summary>
    public static float Sigmoid(float value) => (float)(1.0 / (1.0 + Math.Exp(-(double)value)));
}
