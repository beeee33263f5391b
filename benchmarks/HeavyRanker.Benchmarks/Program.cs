using BenchmarkDotNet.Running;

// Runs the suites chosen by the command line, for example:
//   dotnet run -c Release --project benchmarks/HeavyRanker.Benchmarks -- --filter '*' --job short --inProcess
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
