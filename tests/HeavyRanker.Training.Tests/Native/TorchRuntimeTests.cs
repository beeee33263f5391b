using HeavyRanker.Training.Native;

namespace HeavyRanker.Training.Tests.Native;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoadedSucceeds()
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.EnsureLoaded();

        using var sum = TorchSharp.torch.ones(3).sum();
        Assert.Equal(3f, sum.item<float>());
    }

    [Fact]
    public void FailureMessageNamesCauseAndFix()
    {
        var failure = new DllNotFoundException("libLibTorchSharp.so: version `GLIBCXX_3.4.32' not found");

        string message = TorchRuntime.DescribeLoadFailure(failure);

        Assert.Contains("GLIBCXX_3.4.32", message);
        Assert.Contains("HeavyRanker.Training", message);
        Assert.Contains("HeavyRankerPatchLibTorchSharp", message);
        Assert.Contains("libtorch-cpu-linux-x64", message);
    }

    [Fact]
    public void OutputCopyDiffersFromPackageByFlagsOnly()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        string package = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux() || !File.Exists(output) || !File.Exists(package))
        {
            return;
        }

        byte[] patched = File.ReadAllBytes(output);
        byte[] original = File.ReadAllBytes(package);

        // At most the vna_flags byte of one version need and the st_info byte of one symbol differ.
        Assert.Equal(original.Length, patched.Length);
        int differences = 0;
        for (int index = 0; index < original.Length; index++)
        {
            differences += original[index] != patched[index] ? 1 : 0;
        }

        Assert.InRange(differences, 0, 2);
    }
}
