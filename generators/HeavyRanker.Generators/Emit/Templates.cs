using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Runtime;

namespace HeavyRanker.Generators.Emit;

/// <summary>
/// The Scriban templates embedded from templates/*.scriban. Each is parsed once per process, on
/// first use; a parsed <see cref="Template"/> is immutable and safe to render from several threads.
/// </summary>
internal static class Templates
{
    public static readonly Lazy<Template> Record = Load("Record.scriban");

    public static readonly Lazy<Template> FeatureExtractor = Load("FeatureExtractor.scriban");

    public static readonly Lazy<Template> Definition = Load("Definition.scriban");

    public static readonly Lazy<Template> Network = Load("Network.scriban");

    public static readonly Lazy<Template> RecordBinder = Load("RecordBinder.scriban");

    public static readonly Lazy<Template> Model = Load("Model.scriban");

    public static readonly Lazy<Template> Scorer = Load("Scorer.scriban");

    /// <summary>Renders <paramref name="template"/> with the view model bound to <c>model</c>.</summary>
    public static string Render(Lazy<Template> template, ModelViewModel model)
    {
        var globals = new ScriptObject { ["model"] = model };
        var context = new TemplateContext
        {
            // Loops run once per feature, and a spec may have thousands of them.
            LoopLimit = int.MaxValue,
            StrictVariables = true,
            NewLine = "\n",
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        context.PushGlobal(globals);
        return RemoveBlankLinesBeforeClosingBraces(template.Value.Render(context));
    }

    /// <summary>
    /// Removes the blank line that a loop leaves after the last member of a type, so templates can
    /// write one member followed by a blank line per iteration.
    /// </summary>
    private static string RemoveBlankLinesBeforeClosingBraces(string text) =>
        BlankLineBeforeBrace.Replace(text, "\n$1");

    private static readonly Regex BlankLineBeforeBrace = new(@"\n[ \t]*\n([ \t]*\})", RegexOptions.CultureInvariant);

    private static Lazy<Template> Load(string fileName) => new(() => Parse(fileName));

    private static Template Parse(string fileName)
    {
        string resourceName = "HeavyRanker.Templates." + fileName;
        using Stream stream = typeof(Templates).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException("The embedded template '" + resourceName + "' is missing from the generator assembly.");
        using var reader = new StreamReader(stream);
        Template template = Template.Parse(reader.ReadToEnd(), fileName);
        if (template.HasErrors)
        {
            string errors = string.Join("; ", template.Messages.Select(message => message.ToString()));
            throw new InvalidOperationException("The template '" + fileName + "' has errors: " + errors);
        }

        return template;
    }
}
