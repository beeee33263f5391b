namespace HeavyRanker.Data.Tests;

/// <summary>Locates the repository root (the folder of HeavyRanker.Compiler.sln) and the shared sample data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = HeavyRanker.TestSupport.SampleData.RepositoryRoot();

    /// <summary>The AliExpress sample folder, outside the repository (see <see cref="HeavyRanker.TestSupport.SampleData"/>).</summary>
    public static string AliExpress => HeavyRanker.TestSupport.SampleData.AliExpressFolder();

    /// <summary>The sample notification spec.</summary>
    public static string NotificationSpec => Path.Combine(Root, "samples", "NotificationRanker", "NotificationRanker.ranker.yaml");
}
