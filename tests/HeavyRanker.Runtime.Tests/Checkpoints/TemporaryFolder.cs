namespace HeavyRanker.Runtime.Tests.Checkpoints;

/// <summary>A fresh folder under the system temp path, deleted with its contents on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "heavyranker-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that changed permissions may leave the folder behind; the temp cleaner removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
