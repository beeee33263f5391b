namespace HeavyRanker.Packaging.Tests;

/// <summary>
/// Packs HeavyRanker.Runtime and HeavyRanker.Generators into a local folder, creates a fresh
/// console project outside the repository whose only package reference is the generator package
/// from that folder, and builds and runs it with warnings as errors.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private const string ConsumerSpec = """
        model:
          name: PackagedRanker
          namespace: Consumer.Model
        features:
          - { name: user.age, type: continuous, column: user_age }
          - { name: user.is_verified, type: binary, column: user_is_verified }
          - { name: notification.type, type: discrete, column: notification_type }
          - { name: user.language, type: string, column: user_language }
          - { name: user.interests, type: sparse_binary, column: user_interests }
          - { name: user.topic_affinity, type: sparse_continuous, column: user_topic_affinity }
        architecture:
          blocks:
            - { dense: 16, conv: { kernel: 3, filters: 2 } }
        """;

    private const string ConsumerProgram = """
        using Consumer.Model;
        using HeavyRanker.Runtime.Features;

        var record = new PackagedRankerRecord
        {
            UserAge = 30,
            UserIsVerified = true,
            NotificationType = 4,
            UserLanguage = "en",
            UserInterests = new HashSet<string> { "sports" },
            UserTopicAffinity = new Dictionary<string, double> { ["music"] = 0.5 },
        };
        var batch = FeatureBatch.For(PackagedRankerDefinition.Instance);
        new PackagedRankerFeatureExtractor().Extract(new[] { record }, batch);
        Console.WriteLine($"width={PackagedRankerDefinition.InputWidth}");
        Console.WriteLine($"continuous={batch.Continuous[0]}");
        Console.WriteLine($"sparse={batch.SparseNotContinuous.EntryCount},{batch.SparseContinuous.EntryCount}");
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "heavyranker-pack-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void FreshConsumerBuildsAgainstPackage()
    {
        string repository = HeavyRanker.TestSupport.SampleData.RepositoryRoot();
        string feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        string consumer = Directory.CreateDirectory(Path.Combine(_root, "consumer")).FullName;
        string packages = Directory.CreateDirectory(Path.Combine(_root, "packages")).FullName;

        // A version of its own, so a stale copy of an earlier build can never be restored.
        string version = "0.0.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (string project in new[] { "src/HeavyRanker.Runtime/HeavyRanker.Runtime.csproj", "generators/HeavyRanker.Generators/HeavyRanker.Generators.csproj" })
        {
            DotnetCli.Result pack = DotnetCli.Run(repository, null, "pack", project, "-c", "Release", "-o", feed, "-p:Version=" + version, "-p:PackageVersion=" + version);
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        }

        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="restored" value="{RestoredPackagesFolder()}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HeavyRanker.Generators" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Packaged.ranker.yaml"), ConsumerSpec);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);

        // An isolated package folder, so the two packages are extracted from the feed and never
        // from an earlier run. Their third-party dependencies (Sep, Parquet.Net, OnnxSharp and
        // theirs) come from the folder the solution restore already filled, so no network is needed.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        DotnetCli.Result build = DotnetCli.Run(consumer, environment, "build", "-warnaserror", "-c", "Release");
        Assert.True(build.ExitCode == 0, "consumer build failed:\n" + build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);

        DotnetCli.Result run = DotnetCli.Run(consumer, environment, "run", "--no-build", "-c", "Release");
        Assert.True(run.ExitCode == 0, "consumer run failed:\n" + run.Output);

        // F = 1 continuous + 1 binary + 50 + 50 (both sparse groups present, default embedding size).
        Assert.Contains("width=102", run.Output, StringComparison.Ordinal);

        // ln is applied by the network, so the extractor keeps the raw value.
        Assert.Contains("continuous=30", run.Output, StringComparison.Ordinal);

        // Discrete, string and one set element go to the first group; one map entry to the second.
        Assert.Contains("sparse=3,1", run.Output, StringComparison.Ordinal);
    }

    private static string RestoredPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the next run uses a new one.
        }
    }
}
