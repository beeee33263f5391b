namespace HeavyRanker.Runtime.WarmStart;

/// <summary>
/// Maps each position of a new feature list to the position of the same name in the old list,
/// or to -1 when the feature is new.
/// </summary>
internal sealed class FeatureIndexMap
{
    private readonly IReadOnlyList<string> _oldNames;
    private readonly IReadOnlyList<string> _newNames;

    private FeatureIndexMap(IReadOnlyList<string> oldNames, IReadOnlyList<string> newNames, int[] oldIndexOfNew)
    {
        _oldNames = oldNames;
        _newNames = newNames;
        OldIndexOfNew = oldIndexOfNew;
    }

    /// <summary>For each new position, the old position of the same feature, or -1 for a new feature.</summary>
    public int[] OldIndexOfNew { get; }

    /// <summary>Builds the map; both lists must have unique names, which the caller checks.</summary>
    public static FeatureIndexMap Create(IReadOnlyList<string> oldNames, IReadOnlyList<string> newNames)
    {
        var oldIndex = new Dictionary<string, int>(oldNames.Count, StringComparer.Ordinal);
        for (int i = 0; i < oldNames.Count; i++)
        {
            oldIndex.Add(oldNames[i], i);
        }

        var map = new int[newNames.Count];
        for (int i = 0; i < newNames.Count; i++)
        {
            map[i] = oldIndex.TryGetValue(newNames[i], out int index) ? index : -1;
        }

        return new FeatureIndexMap(oldNames, newNames, map);
    }

    /// <summary>
    /// Adds kept, added, dropped and moved features to the lists, with indices shifted by the offset
    /// of this list along the remapped axis (the binary features follow the continuous ones in a kernel).
    /// </summary>
    public void Describe(int oldOffset, int newOffset, List<string> kept, List<string> added, List<string> dropped, List<MovedFeature> moved)
    {
        var newSet = new HashSet<string>(_newNames, StringComparer.Ordinal);
        for (int i = 0; i < _newNames.Count; i++)
        {
            int oldIndex = OldIndexOfNew[i];
            if (oldIndex < 0)
            {
                added.Add(_newNames[i]);
                continue;
            }

            kept.Add(_newNames[i]);
            if (oldIndex + oldOffset != i + newOffset)
            {
                moved.Add(new MovedFeature(_newNames[i], oldIndex + oldOffset, i + newOffset));
            }
        }

        foreach (string name in _oldNames)
        {
            if (!newSet.Contains(name))
            {
                dropped.Add(name);
            }
        }
    }
}
