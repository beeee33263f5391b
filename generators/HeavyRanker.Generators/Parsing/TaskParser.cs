using System.Collections.Generic;
using System.Globalization;
using HeavyRanker.Generators.Diagnostics;
using HeavyRanker.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace HeavyRanker.Generators.Parsing;

/// <summary>A text value read from the spec with the node it came from, or with a null node for a default.</summary>
internal sealed record ParsedText(string Value, YamlNode? Node);

/// <summary>One task as read, before the cross-checks. <see cref="Spec"/> is null when the task has errors.</summary>
internal sealed record ParsedTask(ParsedText? Name, ParsedText? Label, double ScoreWeight, TaskSpec? Spec);

/// <summary>The tasks and the other label columns of a spec.</summary>
internal sealed record TaskSection(IReadOnlyList<ParsedTask> Tasks, YamlNode? ListNode, ParsedText? DislikeColumn, ParsedText? WeightColumn);

/// <summary>Reads <c>tasks</c>, <c>dislike_label</c> and <c>weight_column</c>.</summary>
internal static class TaskParser
{
    private static readonly string[] TaskKeys = { "name", "label", "score_weight" };

    public static TaskSection Parse(MappingReader spec, ParseContext context)
    {
        ParsedText? dislike = ReadColumn(spec, "dislike_label");
        ParsedText? weight = ReadColumn(spec, "weight_column");

        YamlSequenceNode? list = spec.ReadList("tasks", out bool invalid);
        if (list is null)
        {
            // An absent or empty 'tasks' means the reference tasks. A wrong type was already reported.
            var defaults = new List<ParsedTask>();
            if (!invalid)
            {
                foreach (TaskSpec task in SpecDefaults.Tasks)
                {
                    defaults.Add(new ParsedTask(new ParsedText(task.Name, null), new ParsedText(task.LabelColumn, null), task.ScoreWeight, task));
                }
            }

            return new TaskSection(defaults, null, dislike, weight);
        }

        if (list.Children.Count < 1 || list.Children.Count > SpecDefaults.MaxTasks)
        {
            context.Report(
                DiagnosticDescriptors.OutOfRange,
                list,
                "tasks",
                "a list of " + list.Children.Count.ToString(CultureInfo.InvariantCulture) + " tasks",
                "a list of 1 to " + SpecDefaults.MaxTasks.ToString(CultureInfo.InvariantCulture) + " tasks");
        }

        var tasks = new List<ParsedTask>();
        for (int index = 0; index < list.Children.Count; index++)
        {
            string path = "tasks[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            MappingReader? task = MappingReader.Open(context, path, list.Children[index], null, TaskKeys);
            if (task is not null)
            {
                tasks.Add(ParseTask(task, context));
            }
        }

        return new TaskSection(tasks, list, dislike, weight);
    }

    private static ParsedTask ParseTask(MappingReader task, ParseContext context)
    {
        int errorsBefore = context.ErrorCount;
        ParsedText? name = Read(task, "name");
        ParsedText? label = Read(task, "label");
        double weight = task.ReadNumber("score_weight", SpecDefaults.ScoreWeight, 0, exclusive: false);

        string? propertyName = null;
        if (name is not null)
        {
            string pascal = CSharpNames.ToPascalCase(name.Value);
            if (pascal.Length == 0)
            {
                context.Report(DiagnosticDescriptors.InvalidIdentifier, name.Node!, task.FieldPath("name"), name.Value, "task name", "It must contain a letter or digit, because it names the record's label property.");
            }
            else
            {
                propertyName = pascal + SpecDefaults.LabelPropertySuffix;
            }
        }

        TaskSpec? spec = context.ErrorCount == errorsBefore && name is not null && label is not null && propertyName is not null
            ? new TaskSpec(name.Value, label.Value, weight, propertyName)
            : null;
        return new ParsedTask(name, label, weight, spec);
    }

    private static ParsedText? ReadColumn(MappingReader spec, string key) => Read(spec, key, required: false);

    private static ParsedText? Read(MappingReader mapping, string key, bool required = true)
    {
        string? text = mapping.ReadText(key, required);
        return text is null ? null : new ParsedText(text, mapping.NodeOf(key));
    }
}
