namespace HeavyRanker.Runtime.Data.Synthetic;

/// <summary>The kind of value a generated column holds, matching the spec's feature types.</summary>
public enum SyntheticColumnKind
{
    /// <summary>A double (CONTINUOUS feature or the weight).</summary>
    Continuous,

    /// <summary>A boolean (BINARY feature).</summary>
    Binary,

    /// <summary>An int64 id (DISCRETE feature).</summary>
    Discrete,

    /// <summary>A string (STRING feature).</summary>
    String,

    /// <summary>A set of strings (SPARSE_BINARY feature).</summary>
    Set,

    /// <summary>A map of string to double (SPARSE_CONTINUOUS feature).</summary>
    Map,

    /// <summary>A 0/1 label.</summary>
    Label,
}

/// <summary>
/// One generated (user, notification) row, reused from row to row: the feature values by kind
/// in column order, the drawn labels, the weight, and the ground-truth probabilities the labels
/// were drawn from. A null entry is a missing value.
/// </summary>
public sealed class NotificationExample
{
    internal NotificationExample(int continuous, int binary, int discrete, int strings, int sets, int maps)
    {
        Continuous = new double?[continuous];
        Binary = new bool?[binary];
        Discrete = new long?[discrete];
        Strings = new string?[strings];
        Sets = new List<string>?[sets];
        SetBuffers = Enumerable.Range(0, sets).Select(_ => new List<string>()).ToArray();
        Maps = new List<KeyValuePair<string, double>>?[maps];
        MapBuffers = Enumerable.Range(0, maps).Select(_ => new List<KeyValuePair<string, double>>()).ToArray();
    }

    /// <summary>Continuous features in column order.</summary>
    public double?[] Continuous { get; }

    /// <summary>Binary features in column order.</summary>
    public bool?[] Binary { get; }

    /// <summary>Discrete features in column order.</summary>
    public long?[] Discrete { get; }

    /// <summary>String features in column order.</summary>
    public string?[] Strings { get; }

    /// <summary>Set features in column order; an empty list is the explicit empty set.</summary>
    public List<string>?[] Sets { get; }

    /// <summary>Map features in column order, keys unique; an empty list is the explicit empty map.</summary>
    public List<KeyValuePair<string, double>>?[] Maps { get; }

    /// <summary>The <c>label</c> column: the user opened the notification.</summary>
    public int Open { get; internal set; }

    /// <summary>The <c>label.engagement</c> column: the user opened and engaged.</summary>
    public int Engage { get; internal set; }

    /// <summary>The <c>label.ntabDislike</c> column: the user disliked the notification (never opened or engaged).</summary>
    public int Dislike { get; internal set; }

    /// <summary>The <c>weight</c> column.</summary>
    public double Weight { get; internal set; }

    /// <summary>Ground truth P(open | not disliked).</summary>
    public double OpenProbability { get; internal set; }

    /// <summary>Ground truth P(engage | open).</summary>
    public double EngageGivenOpenProbability { get; internal set; }

    /// <summary>Ground truth P(dislike).</summary>
    public double DislikeProbability { get; internal set; }

    /// <summary>P(label = 1) = (1 − P(dislike)) · P(open | not disliked): the best possible open prediction.</summary>
    public double LabelProbability => (1 - DislikeProbability) * OpenProbability;

    /// <summary>P(label.engagement = 1): the best possible engage prediction (the joint probability).</summary>
    public double EngageProbability => LabelProbability * EngageGivenOpenProbability;

    internal List<string>[] SetBuffers { get; }

    internal List<KeyValuePair<string, double>>[] MapBuffers { get; }
}
