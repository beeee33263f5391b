using System.Diagnostics;
using HeavyRanker.Runtime.WarmStart;
using HeavyRanker.WarmStart.Tests;

// Runs one warm start from LargeModels.Old to LargeModels.New for the kill test:
//   HeavyRanker.WarmStart.KillTarget OLD_DIR NEW_DIR SEED OVERWRITE(0|1)
// It prints "started" just before the rewrite and "done MILLISECONDS" after it, so the test can
// time its kills from the start of the rewrite rather than from process start-up.
if (args.Length != 4)
{
    Console.Error.WriteLine("Usage: HeavyRanker.WarmStart.KillTarget OLD_DIR NEW_DIR SEED OVERWRITE(0|1)");
    return 2;
}

var options = new WarmStartOptions { Seed = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), Overwrite = args[3] == "1" };
Console.WriteLine("started");
Console.Out.Flush();

var stopwatch = Stopwatch.StartNew();
WarmStartRewriter.Rewrite(args[0], args[1], LargeModels.New, options);
Console.WriteLine($"done {stopwatch.ElapsedMilliseconds}");
return 0;
