using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HeavyRanker.Generators.Model;

namespace HeavyRanker.Generators.Emit;

/// <summary>
/// Writes the resolved spec as indented JSON (two spaces, <c>\n</c> line ends, keys in a fixed
/// order, numbers in the invariant culture), so the text and its hash depend on the spec alone.
/// Keys use the spec's own YAML names; the file path is left out because it differs between
/// machines, and each feature gains its computed <c>feature_id</c>.
/// </summary>
internal static class SpecJsonWriter
{
    public static string Write(RankerSpec spec)
    {
        var json = new JsonBuilder();
        json.BeginObject();

        json.Key("model").BeginObject();
        json.Key("name").String(spec.Name);
        json.Key("namespace").String(spec.Namespace);
        json.EndObject();

        json.Key("tasks").BeginArray();
        foreach (TaskSpec task in spec.Tasks)
        {
            json.BeginObject();
            json.Key("name").String(task.Name);
            json.Key("label").String(task.LabelColumn);
            json.Key("score_weight").Number(task.ScoreWeight);
            json.EndObject();
        }

        json.EndArray();
        json.Key("dislike_label").String(spec.DislikeColumn);
        json.Key("weight_column").String(spec.WeightColumn);

        json.Key("features").BeginArray();
        foreach (FeatureSpec feature in spec.Features)
        {
            WriteFeature(json, feature);
        }

        json.EndArray();

        json.Key("sparse").BeginObject();
        json.Key("bits").Number(spec.Sparse.Bits);
        json.Key("embedding_size").Number(spec.Sparse.EmbeddingSize);
        json.EndObject();

        WriteArchitecture(json, spec.Architecture);
        WriteTraining(json, spec.Training);

        json.EndObject();
        return json.ToString();
    }

    private static void WriteFeature(JsonBuilder json, FeatureSpec feature)
    {
        json.BeginObject();
        json.Key("name").String(feature.Name);
        json.Key("type").String(FeatureKinds.SpecName(feature.Kind));
        json.Key("column").String(feature.Column);
        json.Key("required").Bool(feature.Required);
        json.Key("default");
        if (feature.Default is null)
        {
            json.Null();
        }
        else
        {
            switch (feature.Kind)
            {
                case FeatureKind.Continuous:
                    json.Number(FeatureKinds.ParseDouble(feature.Default));
                    break;
                case FeatureKind.Binary:
                    json.Bool(FeatureKinds.ParseBool(feature.Default));
                    break;
                case FeatureKind.Discrete:
                    json.Number(FeatureKinds.ParseLong(feature.Default));
                    break;
                default:
                    json.String(feature.Default);
                    break;
            }
        }

        json.Key("feature_id").Number(feature.FeatureId);
        json.EndObject();
    }

    private static void WriteArchitecture(JsonBuilder json, ArchitectureSpec architecture)
    {
        json.Key("architecture").BeginObject();
        json.Key("type").String(architecture.ModelType);
        json.Key("blocks").BeginArray();
        foreach (BlockSpec block in architecture.Blocks)
        {
            json.BeginObject();
            json.Key("dense");
            if (block.DenseUnits is int units)
            {
                json.Number(units);
            }
            else
            {
                json.Null();
            }

            json.Key("conv");
            if (block.Conv is ConvSpec conv)
            {
                json.BeginObject();
                json.Key("kernel").Number(conv.Kernel);
                json.Key("filters").Number(conv.Filters);
                json.Key("stride").Number(conv.Stride);
                json.Key("padding").String(conv.Padding);
                json.EndObject();
            }
            else
            {
                json.Null();
            }

            json.Key("activation").String(block.Activation);
            json.Key("residual").Bool(block.Residual);
            json.EndObject();
        }

        json.EndArray();
        json.Key("top").BeginObject();
        json.Key("hidden_units").BeginArray();
        foreach (int units in architecture.TopHiddenUnits)
        {
            json.Number(units);
        }

        json.EndArray();
        json.Key("activation").String(architecture.TopActivation);
        json.EndObject();
        json.EndObject();
    }

    private static void WriteTraining(JsonBuilder json, TrainingSpec training)
    {
        json.Key("training").BeginObject();
        json.Key("optimizer").String(training.Optimizer);
        json.Key("learning_rate").Number(training.LearningRate);
        json.Key("batch_size").Number(training.BatchSize);
        json.Key("epochs").Number(training.Epochs);
        json.Key("evaluation_interval").Number(training.EvaluationInterval);
        json.Key("early_stopping").BeginObject();
        json.Key("metric").String(training.EarlyStoppingMetric);
        json.Key("patience").Number(training.Patience);
        json.Key("tolerance").Number(training.Tolerance);
        json.EndObject();
        json.Key("seed").Number(training.Seed);
        json.EndObject();
    }

    /// <summary>
    /// A minimal indented JSON writer. It tracks only whether the current container already has
    /// an element, which is all that commas and empty containers (<c>[]</c>) need.
    /// </summary>
    private sealed class JsonBuilder
    {
        private readonly StringBuilder _text = new();
        private readonly Stack<bool> _hasElements = new();
        private bool _afterKey;

        public JsonBuilder BeginObject() => Open('{');

        public JsonBuilder EndObject() => Close('}');

        public JsonBuilder BeginArray() => Open('[');

        public JsonBuilder EndArray() => Close(']');

        public JsonBuilder Key(string name)
        {
            StartElement();
            AppendString(name);
            _text.Append(": ");
            _afterKey = true;
            return this;
        }

        public void String(string? value)
        {
            StartValue();
            if (value is null)
            {
                _text.Append("null");
            }
            else
            {
                AppendString(value);
            }
        }

        public void Number(long value)
        {
            StartValue();
            _text.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>Writes a finite double in round-trip form; NaN and ±Inf, which JSON cannot hold, are written as strings.</summary>
        public void Number(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                String(value.ToString(CultureInfo.InvariantCulture));
                return;
            }

            StartValue();
            _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        public void Bool(bool value)
        {
            StartValue();
            _text.Append(value ? "true" : "false");
        }

        public void Null()
        {
            StartValue();
            _text.Append("null");
        }

        public override string ToString() => _text.ToString();

        private JsonBuilder Open(char bracket)
        {
            StartValue();
            _text.Append(bracket);
            _hasElements.Push(false);
            return this;
        }

        private JsonBuilder Close(char bracket)
        {
            bool hadElements = _hasElements.Pop();
            if (hadElements)
            {
                NewLine();
            }

            _text.Append(bracket);
            return this;
        }

        private void StartValue()
        {
            if (_afterKey)
            {
                _afterKey = false;
                return;
            }

            if (_hasElements.Count > 0)
            {
                StartElement();
            }
        }

        private void StartElement()
        {
            if (_hasElements.Pop())
            {
                _text.Append(',');
            }

            _hasElements.Push(true);
            NewLine();
        }

        private void NewLine()
        {
            _text.Append('\n');
            _text.Append(' ', _hasElements.Count * 2);
        }

        private void AppendString(string value)
        {
            _text.Append('"');
            foreach (char character in value)
            {
                switch (character)
                {
                    case '"':
                        _text.Append("\\\"");
                        break;
                    case '\\':
                        _text.Append("\\\\");
                        break;
                    case '\n':
                        _text.Append("\\n");
                        break;
                    case '\r':
                        _text.Append("\\r");
                        break;
                    case '\t':
                        _text.Append("\\t");
                        break;
                    default:
                        if (character < 0x20)
                        {
                            _text.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _text.Append(character);
                        }

                        break;
                }
            }

            _text.Append('"');
        }
    }
}
