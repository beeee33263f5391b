using TorchSharp;

namespace HeavyRanker.Training.Native;

/// <summary>
/// Loads TorchSharp's native libraries once and turns a load failure into a message that names
/// what is missing and how to fix it. Every entry point of this library calls
/// <see cref="EnsureLoaded"/> before its first TorchSharp call.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static volatile bool _loaded;

    /// <summary>Loads libtorch and libLibTorchSharp for the CPU, once per process.</summary>
    /// <exception cref="InvalidOperationException">The native libraries failed to load; the message names the cause and the fix.</exception>
    public static void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }

        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception exception) when (exception is DllNotFoundException or NotSupportedException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
            {
                throw new InvalidOperationException(DescribeLoadFailure(exception), exception);
            }

            _loaded = true;
        }
    }

    /// <summary>Builds the error message for a failed load of the TorchSharp native libraries.</summary>
    internal static string DescribeLoadFailure(Exception exception)
    {
        string detail = exception.InnerException is null
            ? exception.Message
            : exception.Message + " (" + exception.InnerException.Message + ")";

        return "TorchSharp's native library libLibTorchSharp.so failed to load: " + detail + Environment.NewLine +
            "If the message names GLIBCXX_3.4.32, the system libstdc++ predates GCC 13 (Debian 12 stops at GLIBCXX_3.4.30). " +
            "Build the program through a project that references HeavyRanker.Training: its build targets patch the copy of " +
            "libLibTorchSharp.so in the output folder. Check that the property HeavyRankerPatchLibTorchSharp is not false and " +
            "that the program runs from the build or publish folder, then rebuild; or install libstdc++ from GCC 13 or newer. " +
            "If the message names libtorch_cpu.so or libc10.so, add a PackageReference to libtorch-cpu-linux-x64 2.10.0.";
    }
}
