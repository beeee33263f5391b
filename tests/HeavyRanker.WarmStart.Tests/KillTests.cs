using System.Diagnostics;
using System.Globalization;
using HeavyRanker.Runtime.Checkpoints;
using HeavyRanker.Runtime.WarmStart;
using Xunit.Abstractions;

namespace HeavyRanker.WarmStart.Tests;

/// <summary>
/// Kills a warm start in a child process at seeded random moments and checks after each kill
/// that the old folder is unchanged and the output is absent or complete.
/// </summary>
public sealed class KillTests
{
    private const int Trials = 30;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public KillTests(ITestOutputHelper output) => _output = output;

    private enum KillMoment
    {
        BeforeWrite,
        DuringWrite,
        AfterPublish,
    }

    [Fact]
    public void KilledRewriteLeavesValidFolders()
    {
        using var folder = new TemporaryFolder();
        string oldDirectory = folder.Combine("old");
        LargeModels.Old.WriteModelFolder(oldDirectory);
        Dictionary<string, string> oldFiles = TemporaryFolder.Snapshot(oldDirectory);

        // An unkilled run measures how long a rewrite takes, so the kill delays span all of it.
        long rewriteMilliseconds = RunToCompletion(oldDirectory, folder.Combine("calibration"));
        int maxDelay = (int)Math.Max(20, rewriteMilliseconds * 3 / 2);

        var random = new Random(20_261_204);
        var counts = new Dictionary<KillMoment, int>();
        string? leftoverOutput = null;
        for (int trial = 0; trial < Trials; trial++)
        {
            string output = folder.Combine($"new{trial}");
            bool overwrite = trial % 3 == 2;
            if (overwrite)
            {
                Directory.CreateDirectory(output);
                File.WriteAllText(Path.Combine(output, "marker.txt"), "previous");
            }

            int delay = random.Next(maxDelay + 1);
            KillAfter(oldDirectory, output, overwrite, delay);

            Assert.Equal(oldFiles, TemporaryFolder.Snapshot(oldDirectory));
            CheckpointFile.Load(Path.Combine(oldDirectory, WarmStartRewriter.CheckpointFileName), LargeModels.Old);
            KillMoment moment = CheckOutput(folder.Path, output, overwrite, $"trial {trial}, kill after {delay} ms");
            counts[moment] = counts.GetValueOrDefault(moment) + 1;
            if (moment == KillMoment.DuringWrite && !overwrite)
            {
                leftoverOutput = output;
            }
        }

        _output.WriteLine(
            $"Rewrite took {rewriteMilliseconds} ms; {Trials} kills after 0-{maxDelay} ms: " +
            $"{counts.GetValueOrDefault(KillMoment.BeforeWrite)} before the write, {counts.GetValueOrDefault(KillMoment.DuringWrite)} during it, {counts.GetValueOrDefault(KillMoment.AfterPublish)} after publishing.");

        if (leftoverOutput is not null)
        {
            // The killed process is gone, so the next run into the same folder deletes its temporary folder.
            WarmStartRewriter.Rewrite(oldDirectory, leftoverOutput, LargeModels.New, new WarmStartOptions());
            Assert.Empty(TemporaryDirectories(folder.Path, leftoverOutput));
        }
    }

    /// <summary>Checks the output of a killed run and returns where in the rewrite the kill landed.</summary>
    private static KillMoment CheckOutput(string parent, string output, bool overwrite, string trial)
    {
        bool temporaryLeft = TemporaryDirectories(parent, output).Length > 0;
        string[] backups = Directory.GetDirectories(parent, Path.GetFileName(output) + ".backup-*");
        bool outputExists = Directory.Exists(output);
        bool outputIsPrevious = outputExists && File.Exists(Path.Combine(output, "marker.txt"));

        if (overwrite)
        {
            // The previous content is in exactly one place: still in the output, or in one backup.
            int copies = (outputIsPrevious ? 1 : 0) + backups.Count(backup => File.Exists(Path.Combine(backup, "marker.txt")));
            Assert.True(copies == 1, $"{trial}: the previous output content exists {copies} times.");
        }
        else
        {
            Assert.Empty(backups);
        }

        if (outputExists && !outputIsPrevious)
        {
            CheckpointFile.Load(Path.Combine(output, WarmStartRewriter.CheckpointFileName), LargeModels.New);
            Assert.Equal(LargeModels.New.SpecJson, File.ReadAllText(Path.Combine(output, WarmStartRewriter.SpecFileName)));
            Assert.True(File.Exists(Path.Combine(output, WarmStartReport.JsonFileName)), $"{trial}: the JSON report is missing.");
            Assert.True(File.Exists(Path.Combine(output, WarmStartReport.TextFileName)), $"{trial}: the text report is missing.");
            return KillMoment.AfterPublish;
        }

        return temporaryLeft ? KillMoment.DuringWrite : KillMoment.BeforeWrite;
    }

    private static string[] TemporaryDirectories(string parent, string output) =>
        Directory.GetDirectories(parent, "." + Path.GetFileName(output) + ".tmp-*");

    private static long RunToCompletion(string oldDirectory, string output)
    {
        using Process process = Start(oldDirectory, output, overwrite: false);
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("done ", StringComparison.Ordinal))
        {
        }

        Assert.True(process.WaitForExit(ProcessTimeout), "The calibration run did not finish.");
        Assert.True(process.ExitCode == 0, $"The calibration run failed: {process.StandardError.ReadToEnd()}");
        Assert.NotNull(line);
        return long.Parse(line["done ".Length..], CultureInfo.InvariantCulture);
    }

    private static void KillAfter(string oldDirectory, string output, bool overwrite, int delayMilliseconds)
    {
        using Process process = Start(oldDirectory, output, overwrite);
        Task<string?> started = process.StandardOutput.ReadLineAsync();
        Assert.True(started.Wait(ProcessTimeout), "The child process did not start the rewrite.");
        Assert.Equal("started", started.Result);

        Thread.Sleep(delayMilliseconds);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // The process exited before the kill, which counts as a kill after publishing.
        }

        Assert.True(process.WaitForExit(ProcessTimeout), "The killed child process did not exit.");
    }

    private static Process Start(string oldDirectory, string output, bool overwrite)
    {
        // DOTNET_HOST_PATH is set by `dotnet test`; the fallback finds dotnet on the PATH.
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeavyRanker.WarmStart.KillTarget.dll"));
        start.ArgumentList.Add(oldDirectory);
        start.ArgumentList.Add(output);
        start.ArgumentList.Add("7");
        start.ArgumentList.Add(overwrite ? "1" : "0");
        return Process.Start(start) ?? throw new InvalidOperationException("Failed to start the kill target process.");
    }
}
