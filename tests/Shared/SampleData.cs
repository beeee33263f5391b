namespace HeavyRanker.TestSupport;

/// <summary>
/// Locates the AliExpress sample that tests read. It is not part of the repository: by default it
/// is <c>../shared/data/aliexpress</c> beside the repository root, and the environment variable
/// <c>HEAVYRANKER_ALIEXPRESS_DIR</c> points at another folder. Linked into the test projects, so
/// the repository root and the sample are found by one rule with one error message.
/// </summary>
internal static class SampleData
{
    /// <summary>Name of the environment variable that overrides the sample folder.</summary>
    public const string FolderVariable = "HEAVYRANKER_ALIEXPRESS_DIR";

    /// <summary>Returns the sample folder, after checking that it contains train.csv and test.csv.</summary>
    public static string AliExpressFolder()
    {
        string? configured = Environment.GetEnvironmentVariable(FolderVariable);
        string folder = string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", "aliexpress"))
            : Path.GetFullPath(configured);

        foreach (string file in new[] { "train.csv", "test.csv" })
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new FileNotFoundException(
                    $"The AliExpress sample file '{Path.Combine(folder, file)}' was not found. Tests read the sample from "
                    + $"../shared/data/aliexpress beside the repository; set {FolderVariable} to the folder that holds train.csv and test.csv.",
                    Path.Combine(folder, file));
            }
        }

        return folder;
    }

    /// <summary>Returns the repository root, the folder of HeavyRanker.Compiler.sln above the test binaries.</summary>
    public static string RepositoryRoot()
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
