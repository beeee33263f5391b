namespace HeavyRanker.EndToEnd.Tests;

/// <summary>Exit codes and one-line messages for bad command lines and bad input.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("fit")]
    [InlineData("train --out x")]
    [InlineData("train --data a.csv --out x --epochs 0")]
    [InlineData("train --data a.csv --out x --batch-size ten")]
    [InlineData("train --data a.csv --out x --optimizer rmsprop")]
    [InlineData("train --data a.csv --out x --colour")]
    [InlineData("score --model m --data a.csv")]
    [InlineData("generate --rows -5 --out a.csv")]
    public async Task UsageErrorExitsWithTwo(string commandLine)
    {
        CliRun run = await Cli.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
    }

    [Fact]
    public async Task MissingColumnNamesFileAndColumn()
    {
        string path = WriteTrainCopy("no-numerical-5.csv", lines => lines.Select(line => RemoveField(line, "numerical_5", lines[0])));

        CliRun run = await Cli.RunAsync("train", "--data", path, "--out", _folder.File("model"));

        Assert.Equal(1, run.ExitCode);
        string message = SingleErrorLine(run);
        Assert.Contains(path, message);
        Assert.Contains("'numerical_5'", message);
        Assert.False(Directory.Exists(_folder.File("model")));
    }

    [Fact]
    public async Task BadNumberNamesFileRowAndColumn()
    {
        string path = WriteTrainCopy("bad-number.csv", lines => lines.Select((line, index) => index == 3 ? ReplaceField(line, "numerical_3", lines[0], "abc") : line));

        CliRun run = await Cli.RunAsync("train", "--data", path, "--out", _folder.File("model"));

        Assert.Equal(1, run.ExitCode);
        string message = SingleErrorLine(run);
        Assert.Contains(path, message);
        Assert.Contains("row 3", message);
        Assert.Contains("'numerical_3'", message);
    }

    [Fact]
    public async Task LabelOutsideZeroOneIsRejected()
    {
        string path = WriteTrainCopy("bad-label.csv", lines => lines.Select((line, index) => index == 7 ? ReplaceField(line, "click", lines[0], "2") : line));

        CliRun run = await Cli.RunAsync("train", "--data", path, "--out", _folder.File("model"));

        Assert.Equal(1, run.ExitCode);
        string message = SingleErrorLine(run);
        Assert.Contains("row 7", message);
        Assert.Contains("'click'", message);
    }

    [Fact]
    public async Task MissingDataFileExitsWithOne()
    {
        string path = _folder.File("absent.csv");

        CliRun run = await Cli.RunAsync("train", "--data", path, "--out", _folder.File("model"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(path, SingleErrorLine(run));
    }

    [Fact]
    public async Task NonEmptyOutputFolderIsKept()
    {
        string output = _folder.File("existing");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "earlier run");

        CliRun run = await Cli.RunAsync("train", "--data", TestPaths.TrainCsv, "--out", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--overwrite", SingleErrorLine(run));
        Assert.Equal("earlier run", File.ReadAllText(Path.Combine(output, "keep.txt")));
    }

    [Fact]
    public async Task MissingModelFolderExitsWithOne()
    {
        CliRun run = await Cli.RunAsync("score", "--model", _folder.File("no-model"), "--data", TestPaths.TestCsv, "--out", _folder.File("s.csv"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not found", SingleErrorLine(run));
    }

    [Fact]
    public async Task CorruptCheckpointExitsWithOne()
    {
        string model = _folder.File("corrupt");
        Directory.CreateDirectory(model);
        File.WriteAllBytes(Path.Combine(model, "model.safetensors"), [1, 2, 3]);

        CliRun run = await Cli.RunAsync("eval", "--model", model, "--data", TestPaths.TestCsv);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("model.safetensors", SingleErrorLine(run));
    }

    [Fact]
    public async Task VerbosePrintsStackTrace()
    {
        CliRun run = await Cli.RunAsync("train", "--data", _folder.File("absent.csv"), "--out", _folder.File("model"), "--verbose");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("   at ", run.Error);
    }

    [Theory]
    [InlineData("train", "--learning-rate", "no unit")]
    [InlineData("train", "--batch-size", "Records per optimizer step")]
    [InlineData("train", "--epochs", "Passes over the training data")]
    [InlineData("eval", "--report", "PNG")]
    [InlineData("score", "--out", "probabilities in [0, 1]")]
    [InlineData("generate", "--rows", "Number of rows")]
    [InlineData("warm-start", "--seed", "truncated-normal")]
    public async Task HelpDescribesOptions(string command, string option, string text)
    {
        CliRun run = await Cli.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(option, run.Output);
        Assert.Contains(text, run.Output);
    }

    private string WriteTrainCopy(string name, Func<string[], IEnumerable<string>> edit)
    {
        string[] lines = File.ReadAllLines(TestPaths.TrainCsv);
        string path = _folder.File(name);
        File.WriteAllLines(path, edit(lines));
        return path;
    }

    private static string RemoveField(string line, string column, string header)
    {
        int index = Array.IndexOf(header.Split(','), column);
        return string.Join(',', line.Split(',').Where((_, position) => position != index));
    }

    private static string ReplaceField(string line, string column, string header, string value)
    {
        int index = Array.IndexOf(header.Split(','), column);
        string[] fields = line.Split(',');
        fields[index] = value;
        return string.Join(',', fields);
    }

    private static string SingleErrorLine(CliRun run)
    {
        string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        return lines[0];
    }
}
