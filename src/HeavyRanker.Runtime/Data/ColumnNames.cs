namespace HeavyRanker.Runtime.Data;

/// <summary>Resolves requested column names against a file's columns and explains a miss.</summary>
internal static class ColumnNames
{
    /// <summary>
    /// Creates the error for a mapped column the file lacks, suggesting the closest available
    /// name when one is within a small edit distance.
    /// </summary>
    public static DataFormatException Missing(string file, string column, IEnumerable<string> available, string columnSource = "header")
    {
        var suggestion = Nearest(column, available);
        var hint = suggestion is null
            ? " Add the column to the file or change the column the spec maps."
            : $" Did you mean '{suggestion}'? Rename the column in the file or in the spec.";
        return new DataFormatException(file, 0, column, $"the {columnSource} has no column '{column}', which the spec maps.{hint}")
        {
            IsMissingColumn = true,
            NearestColumn = suggestion,
        };
    }

    /// <summary>Returns the available name closest to <paramref name="name"/>, or null when none is close.</summary>
    public static string? Nearest(string name, IEnumerable<string> available)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in available)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Allow about one edit per three characters, and at least two, so that typos match but unrelated names do not.
        var limit = Math.Max(2, name.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Levenshtein distance with two rolling rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
