namespace HeavyRanker.Data.Tests;

/// <summary>Locates the repository root (the folder of HeavyRanker.Compiler.sln) and the shared sample data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The AliExpress sample folder, outside the repository (see <see cref="HeavyRanker.TestSupport.SampleData"/>).</summary>
    public static string AliExpress => HeavyRanker.TestSupport.SampleData.AliExpressFolder();

    /// <summary>The sample notification spec.</summary>
    public static string NotificationSpec => Path.Combine(Root, "samples", "NotificationRanker", "NotificationRanker.ranker.yaml");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HeavyRanker.Compiler.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No HeavyRanker.Compiler.sln above {AppContext.BaseDirectory}.");
    }
}
