using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace HeavyRanker.Generators.Parsing;

/// <summary>Converts spec names to C# identifiers and checks model names and namespaces.</summary>
internal static class CSharpNames
{
    /// <summary>
    /// Converts a feature or task name to a PascalCase identifier: every character that is not a
    /// letter or digit separates parts, each part's first character is upper-cased and the rest
    /// kept, and a leading digit gets a <c>_</c> prefix. <c>user.age</c> becomes <c>UserAge</c>,
    /// <c>meta.author_id#v2</c> becomes <c>MetaAuthorIdV2</c>. Returns an empty string for a name
    /// with no letter or digit.
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        bool startOfPart = true;
        foreach (char character in name)
        {
            if (!char.IsLetterOrDigit(character))
            {
                startOfPart = true;
                continue;
            }

            builder.Append(startOfPart ? char.ToUpperInvariant(character) : character);
            startOfPart = false;
        }

        if (builder.Length > 0 && char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>Returns whether <paramref name="name"/> is a valid C# identifier and not a reserved keyword.</summary>
    public static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>Returns whether <paramref name="name"/> is a C# reserved keyword such as <c>class</c>.</summary>
    public static bool IsKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;

    /// <summary>Returns whether <paramref name="name"/> is one or more identifiers separated by dots, with no <c>global</c> segment.</summary>
    public static bool IsNamespace(string name)
    {
        foreach (string segment in name.Split('.'))
        {
            if (!IsIdentifier(segment) || segment == "global")
            {
                return false;
            }
        }

        return true;
    }
}
