using System.Globalization;
using HeavyRanker.Generators.Model;
using HeavyRanker.Generators.Parsing;
using Microsoft.CodeAnalysis;
using static HeavyRanker.Generators.Tests.Parsing.SpecHarness;

namespace HeavyRanker.Generators.Tests.Parsing;

/// <summary>Further rules per section: each case appends lines to the minimal spec and expects one error.</summary>
public sealed class RuleTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "tasks: []",
            "HR0005", "'tasks' is a list of 0 tasks, but it must be a list of 1 to 8 tasks."
        },
        {
            "tasks: [" + string.Join(", ", Enumerable.Range(0, 9).Select(i => "{ name: t" + i + ", label: l" + i + " }")) + "]",
            "HR0005", "'tasks' is a list of 9 tasks, but it must be a list of 1 to 8 tasks."
        },
        {
            "tasks:\n  - { name: open, label: a }\n  - { name: Open, label: b }",
            "HR0007", "The label of task 'Open' and the label of task 'open' both become the C# identifier 'OpenLabel'. Rename one of them."
        },
        {
            "tasks:\n  - { name: dislike, label: a }",
            "HR0007", "The label of task 'dislike' and the record's dislike label property both become the C# identifier 'DislikeLabel'. Rename one of them."
        },
        {
            "  - { name: ranker_record, type: binary }",
            "HR0007", "Feature 'ranker_record' and the record type both become the C# identifier 'RankerRecord'. Rename one of them."
        },
        {
            "  - { name: to_string, type: string }",
            "HR0007", "Feature 'to_string' and the inherited member 'ToString' both become the C# identifier 'ToString'. Rename one of them."
        },
        {
            "tasks:\n  - { name: '--', label: a }",
            "HR0014", "'tasks[0].name' is '--', which is not a valid task name. It must contain a letter or digit, because it names the record's label property."
        },
        {
            "  - { name: '#', type: binary }",
            "HR0014", "'features[1].name' is '#', which is not a valid feature name. It must contain a letter or digit, because it becomes the record's property name."
        },
        {
            "tasks:\n  - { name: open, label: label, score_weight: -1 }",
            "HR0005", "'tasks[0].score_weight' is -1, but it must be a finite number of at least 0."
        },
        {
            "tasks:\n  - { name: open }",
            "HR0003", "Required field 'label' is missing in 'tasks[0]'. Add it."
        },
        {
            "dislike_label: user.age",
            "HR0009", "Column 'user.age' is both the dislike label and the column of feature 'user.age', so a training target would become a model input. Use a different column for one of them."
        },
        {
            "weight_column: [w]",
            "HR0004", "'weight_column' must be text, but it is a list."
        },
        {
            "  - { name: flag, type: binary, default: yes }",
            "HR0013", "The default of feature 'flag', 'yes', is not a valid binary value: write true or false."
        },
        {
            "  - { name: bucket, type: discrete, default: 1.5 }",
            "HR0013", "The default of feature 'bucket', '1.5', is not a valid discrete value: write a whole number such as 3."
        },
        {
            "  - { name: bucket, type: discrete, default: 9223372036854775808 }",
            "HR0013", "The default of feature 'bucket', '9223372036854775808', is not a valid discrete value: it is outside the 64-bit integer range."
        },
        {
            "  - { name: scores, type: sparse_continuous, default: {} }",
            "HR0013", "The default of feature 'scores', a mapping, is not a valid sparse_continuous value: sparse_continuous features take no default, because a missing map reads as empty. Remove 'default'."
        },
        {
            "  - { name: country, type: string, default: [us] }",
            "HR0004", "'features[1].default' must be a single value, but it is a list."
        },
        {
            "  - { name: flag, type: binary, required: 1 }",
            "HR0004", "'features[1].required' must be true or false, but it is '1'."
        },
        {
            "  - { name: flag, type: binary, colum: flag_column }",
            "HR0002", "Unknown key 'colum' in 'features[1]' (did you mean 'column'?). Remove it or use one of: name, type, column, required, default."
        },
        {
            "sparse: { embedding_size: 1025 }",
            "HR0005", "'sparse.embedding_size' is 1025, but it must be a whole number from 1 to 1024."
        },
        {
            "architecture: clemnet",
            "HR0004", "'architecture' must be a mapping of keys to values, but it is 'clemnet'."
        },
        {
            "architecture:\n  blocks:\n    - { conv: none }",
            "HR0003", "Required field 'dense' is missing in 'architecture.blocks[0]'. Add it."
        },
        {
            "architecture:\n  blocks:\n    - { dense: 8, conv: { padding: valid } }",
            "HR0010", "'architecture.blocks[0].conv.padding' is 'valid', which is not a known value. Use one of: same."
        },
        {
            "architecture:\n  blocks:\n    - { dense: 8, conv: { kernel: 65 } }",
            "HR0005", "'architecture.blocks[0].conv.kernel' is 65, but it must be a whole number from 1 to 64."
        },
        {
            "architecture:\n  blocks:\n    - { dense: 8, activation: swish }",
            "HR0010", "'architecture.blocks[0].activation' is 'swish', which is not a known value. Use one of: relu, tanh, sigmoid, linear."
        },
        {
            "  - { name: user.followers, type: continuous }\narchitecture:\n  blocks:\n    - { dense: none, conv: { stride: 2 }, residual: true }",
            "HR0012", "'architecture.blocks[0]' has 'residual: true', but its input length 2 differs from its output length 1. Make them equal (a dense output size equal to the input length and a conv stride of 1), or turn the residual off."
        },
        {
            "architecture:\n  top: { hidden_units: [8, 0] }",
            "HR0005", "'architecture.top.hidden_units[1]' is 0, but it must be a whole number of at least 1."
        },
        {
            "architecture:\n  blocks: [{ dense: 8 }]\n  depth: 3",
            "HR0002", "Unknown key 'depth' in 'architecture'. Remove it or use one of: type, blocks, top."
        },
        {
            "training: { optimizer: Adam }",
            "HR0010", "'training.optimizer' is 'Adam', which is not a known value (did you mean 'adam'?). Use one of: sgd, adam."
        },
        {
            "training: { seed: 1.5 }",
            "HR0004", "'training.seed' must be a whole number, but it is '1.5'."
        },
        {
            "training: { seed: 99999999999 }",
            "HR0005", "'training.seed' is 99999999999, but it must be a whole number from -2147483648 to 2147483647."
        },
        {
            "training: { epochs: 0 }",
            "HR0005", "'training.epochs' is 0, but it must be a whole number of at least 1."
        },
        {
            "training: { early_stopping: { tolerance: .nan } }",
            "HR0005", "'training.early_stopping.tolerance' is .nan, but it must be a finite number of at least 0."
        },
        {
            "training: { early_stopping: { metric: auc } }",
            "HR0010", "'training.early_stopping.metric' is 'auc', which is not a known value. Use one of: pr_auc, roc_auc."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_ReportsError(string lines, string id, string message)
    {
        Diagnostic diagnostic = Assert.Single(Run(MinimalSpec + "\n" + lines + "\n"));

        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void QuotedNumber_ReadAsNumber()
    {
        RankerSpec spec = ParseValid(MinimalSpec + "\nsparse: { bits: \"12\" }\ntraining: { learning_rate: '0.5', seed: -7 }\n");

        Assert.Equal(12, spec.Sparse.Bits);
        Assert.Equal(0.5, spec.Training.LearningRate);
        Assert.Equal(-7, spec.Training.Seed);
    }

    [Fact]
    public void EmptyValues_TakeDefaults()
    {
        RankerSpec spec = ParseValid(MinimalSpec + "\ntasks:\nsparse:\n  bits: ~\narchitecture:\ntraining:\n  epochs: null\n");

        Assert.Equal(SpecDefaults.Tasks, spec.Tasks);
        Assert.Equal(SpecDefaults.Sparse, spec.Sparse);
        Assert.Equal(SpecDefaults.Training, spec.Training);
    }

    [Fact]
    public void Anchors_ReuseBlockSettings()
    {
        RankerSpec spec = ParseValid(MinimalSpec + "\narchitecture:\n  blocks:\n    - { dense: 64, conv: &conv { kernel: 5, filters: 2 } }\n    - { dense: 32, conv: *conv }\n");

        Assert.Equal(spec.Architecture.Blocks[0].Conv, spec.Architecture.Blocks[1].Conv);
        Assert.Equal(new ConvSpec(5, 2, 1, "same"), spec.Architecture.Blocks[1].Conv);
    }

    [Fact]
    public void MergeKey_Unknown()
    {
        Diagnostic diagnostic = Assert.Single(Run(MinimalSpec + "\ntraining: &t { epochs: 2 }\nsparse: { <<: *t }\n"));

        Assert.Equal("HR0002", diagnostic.Id);
    }

    [Fact]
    public void Residual_EqualLengthsValid()
    {
        RankerSpec spec = ParseValid(MinimalSpec + "\n  - { name: user.followers, type: continuous }\narchitecture:\n  blocks:\n    - { dense: 2, residual: true }\n    - { dense: none, conv: { filters: 3 }, residual: true }\n");

        Assert.True(spec.Architecture.Blocks[0].Residual);
        Assert.Null(spec.Architecture.Blocks[1].DenseUnits);
    }

    [Fact]
    public void Residual_InputWidthCountsSparse()
    {
        // F = 1 continuous + 4 (one sparse group with embedding size 4) = 5.
        RankerSpec spec = ParseValid(MinimalSpec + "\n  - { name: user.country, type: discrete }\nsparse: { embedding_size: 4 }\narchitecture:\n  blocks:\n    - { dense: 5, residual: true }\n");

        Assert.Equal(5, spec.Architecture.Blocks[0].DenseUnits);
    }
}
