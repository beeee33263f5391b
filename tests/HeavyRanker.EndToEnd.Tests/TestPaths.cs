namespace HeavyRanker.EndToEnd.Tests;

/// <summary>The repository root (the folder of HeavyRanker.Compiler.sln) and the AliExpress sample data beside it.</summary>
internal static class TestPaths
{
    public static string Root { get; } = HeavyRanker.TestSupport.SampleData.RepositoryRoot();

    /// <summary>The AliExpress sample folder, outside the repository (see <see cref="HeavyRanker.TestSupport.SampleData"/>).</summary>
    public static string AliExpress => HeavyRanker.TestSupport.SampleData.AliExpressFolder();

    public static string TrainCsv => Path.Combine(AliExpress, "train.csv");

    public static string TestCsv => Path.Combine(AliExpress, "test.csv");
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("heavyranker-e2e-").FullName;
    }

    public string Path { get; }

    /// <summary>Returns the full path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
