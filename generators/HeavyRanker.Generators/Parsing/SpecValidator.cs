using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HeavyRanker.Generators.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>
/// Checks that span several entries: duplicate tasks and features, C# name collisions, label
/// and weight columns used as features, and the total score weight. Entries that already had
/// errors take part with whatever was read, so one pass reports as much as possible.
/// </summary>
internal static class SpecValidator
{
    /// <summary>Members of <see cref="object"/> and of C# records that a property must not hide.</summary>
    private static readonly string[] InheritedMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "EqualityContract", "Deconstruct", "PrintMembers" };

    public static void Validate(ParseContext context, string? modelName, TaskSection tasks, IReadOnlyList<ParsedFeature> features)
    {
        CheckDuplicateTasks(context, tasks);
        CheckDuplicateFeatures(context, features);
        CheckIdentifiers(context, modelName, tasks, features);
        CheckLabelColumns(context, tasks, features);
        CheckScoreWeights(context, tasks);
    }

    private static void CheckDuplicateTasks(ParseContext context, TaskSection tasks)
    {
        var firstLines = new Dictionary<string, long>();
        foreach (ParsedTask task in tasks.Tasks)
        {
            if (task.Name?.Node is not YamlNode node)
            {
                continue;
            }

            if (firstLines.TryGetValue(task.Name.Value, out long line))
            {
                context.Report(DiagnosticDescriptors.DuplicateTask, node, task.Name.Value, line.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                firstLines.Add(task.Name.Value, node.Start.Line);
            }
        }
    }

    private static void CheckDuplicateFeatures(ParseContext context, IReadOnlyList<ParsedFeature> features)
    {
        var firstLines = new Dictionary<string, long>();
        foreach (ParsedFeature feature in features)
        {
            if (feature.Name?.Node is not YamlNode node)
            {
                continue;
            }

            if (firstLines.TryGetValue(feature.Name.Value, out long line))
            {
                context.Report(DiagnosticDescriptors.DuplicateFeature, node, feature.Name.Value, line.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                firstLines.Add(feature.Name.Value, node.Start.Line);
            }
        }
    }

    /// <summary>
    /// Reports two names that become the same C# identifier in the generated record: task label
    /// properties, feature properties, the record's <c>DislikeLabel</c> and <c>Weight</c>
    /// properties (declared whether or not the spec names those columns), the record type itself
    /// and inherited members. Exact duplicates are left to HR0006 and HR0011.
    /// </summary>
    private static void CheckIdentifiers(ParseContext context, string? modelName, TaskSection tasks, IReadOnlyList<ParsedFeature> features)
    {
        var owners = new Dictionary<string, string>
        {
            [SpecDefaults.DislikeLabelProperty] = "the record's dislike label property",
            [SpecDefaults.WeightProperty] = "the record's weight property",
        };
        foreach (string member in InheritedMembers)
        {
            owners[member] = "the inherited member '" + member + "'";
        }

        if (modelName is not null)
        {
            owners[modelName + SpecDefaults.RecordTypeSuffix] = "the record type";
        }

        var seenTasks = new HashSet<string>();
        foreach (ParsedTask task in tasks.Tasks)
        {
            if (task.Name is null || !seenTasks.Add(task.Name.Value))
            {
                continue;
            }

            string identifier = CSharpNames.ToPascalCase(task.Name.Value) + SpecDefaults.LabelPropertySuffix;
            Claim(context, owners, identifier, "the label of task '" + task.Name.Value + "'", task.Name.Node);
        }

        var seenFeatures = new HashSet<string>();
        foreach (ParsedFeature feature in features)
        {
            if (feature.Name is null || feature.PropertyName is null || !seenFeatures.Add(feature.Name.Value))
            {
                continue;
            }

            Claim(context, owners, feature.PropertyName, "feature '" + feature.Name.Value + "'", feature.Name.Node);
        }
    }

    private static void Claim(ParseContext context, Dictionary<string, string> owners, string identifier, string owner, YamlNode? node)
    {
        if (!owners.TryGetValue(identifier, out string? earlier))
        {
            owners.Add(identifier, owner);
            return;
        }

        // Default tasks have no node and never collide with each other, so node is set here.
        if (node is not null)
        {
            context.Report(DiagnosticDescriptors.IdentifierCollision, node, Capitalize(owner), earlier, identifier);
        }
    }

    private static void CheckLabelColumns(ParseContext context, TaskSection tasks, IReadOnlyList<ParsedFeature> features)
    {
        var targets = new Dictionary<string, string>();
        foreach (ParsedTask task in tasks.Tasks)
        {
            if (task.Label is not null && task.Name is not null && !targets.ContainsKey(task.Label.Value))
            {
                targets.Add(task.Label.Value, "the label of task '" + task.Name.Value + "'");
            }
        }

        if (tasks.DislikeColumn is not null && !targets.ContainsKey(tasks.DislikeColumn.Value))
        {
            targets.Add(tasks.DislikeColumn.Value, "the dislike label");
        }

        if (tasks.WeightColumn is not null && !targets.ContainsKey(tasks.WeightColumn.Value))
        {
            targets.Add(tasks.WeightColumn.Value, "the weight column");
        }

        foreach (ParsedFeature feature in features)
        {
            if (feature.Column?.Node is YamlNode node && feature.Name is not null && targets.TryGetValue(feature.Column.Value, out string? target))
            {
                context.Report(DiagnosticDescriptors.LabelIsFeature, node, feature.Column.Value, target, feature.Name.Value);
            }
        }
    }

    private static void CheckScoreWeights(ParseContext context, TaskSection tasks)
    {
        if (tasks.ListNode is null || tasks.Tasks.Count == 0 || tasks.Tasks.Any(task => task.Spec is null))
        {
            return;
        }

        double total = tasks.Tasks.Sum(task => task.ScoreWeight);
        if (total == 0)
        {
            context.Report(DiagnosticDescriptors.ZeroScoreWeight, tasks.ListNode);
        }
        else if (double.IsInfinity(total))
        {
            context.Report(DiagnosticDescriptors.OutOfRange, tasks.ListNode, "tasks", "a list whose score weights add up to more than the largest double", "a list whose score weights have a finite sum");
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
