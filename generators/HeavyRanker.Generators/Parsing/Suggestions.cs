using System;
using System.Collections.Generic;

namespace HeavyRanker.Generators.Parsing;

/// <summary>Finds the valid word nearest to a misspelt one, for "did you mean" hints.</summary>
internal static class Suggestions
{
    /// <summary>
    /// Returns the candidate nearest to <paramref name="value"/> by edit distance (case-insensitive,
    /// a swap of two neighbouring letters counts as one edit), or null when none is close: at most
    /// 1 edit for words up to 4 characters, 2 up to 8, and 3 beyond.
    /// </summary>
    public static string? Nearest(string value, IEnumerable<string> candidates)
    {
        int limit = 3;
        if (value.Length <= 4)
        {
            limit = 1;
        }
        else if (value.Length <= 8)
        {
            limit = 2;
        }

        string lower = value.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = EditDistance(lower, candidate.ToLowerInvariant());
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Formats the hint that follows a message's subject: <c> (did you mean 'x'?)</c>, or an empty string.</summary>
    public static string Hint(string value, IEnumerable<string> candidates)
    {
        string? nearest = Nearest(value, candidates);
        return nearest is null ? string.Empty : " (did you mean '" + nearest + "'?)";
    }

    /// <summary>Computes the optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int EditDistance(string a, string b)
    {
        // Inputs are spec keys and enum words, so the quadratic table stays small. The cap guards against a pasted paragraph.
        if (a.Length > 200 || b.Length > 200)
        {
            return Math.Max(a.Length, b.Length);
        }

        var table = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            table[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            table[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int distance = Math.Min(Math.Min(table[i - 1, j] + 1, table[i, j - 1] + 1), table[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    distance = Math.Min(distance, table[i - 2, j - 2] + 1);
                }

                table[i, j] = distance;
            }
        }

        return table[a.Length, b.Length];
    }
}
